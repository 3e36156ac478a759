/**
 * The events.db schema version this build writes (meta `schema_version`).
 * Bump it with any change a reader must know about, and add the readers.
 */
export const EVENTS_DB_SCHEMA_VERSION = 3;

/**
 * Schema versions the analytics can read. A file without the meta key predates it and is version 1.
 * Version 2 added node_attempts and requests.request_id, text_hash, text_chars; a version-1 file is
 * read with them added empty (its black-box figures are null). Version 3 added nodes.jurisdiction,
 * requests.residency and the ledger table; an older file is read with them added empty (no residency figures).
 */
export const READABLE_EVENTS_DB_VERSIONS: readonly number[] = Object.freeze([1, 2, 3]);
