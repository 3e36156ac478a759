/**
 * The events.db schema version this build writes (meta `schema_version`).
 * Bump it with any change a reader must know about, and add the readers.
 */
export const EVENTS_DB_SCHEMA_VERSION = 1;

/** Schema versions the analytics can read. A file without the meta key predates it and is version 1. */
export const READABLE_EVENTS_DB_VERSIONS: readonly number[] = Object.freeze([1]);
