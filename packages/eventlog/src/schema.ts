import {
  EVENTS_DB_INDEXES,
  EVENTS_DB_SCHEMA_VERSION,
  EVENTS_DB_TABLES,
  createTableSql,
  type TableContract,
} from "@faultline/contracts";

/**
 * The events.db schema, built from the contracts' table of tables: one file per run, every figure
 * in a report derived from it. Times are milliseconds since the start of the pass (one pass = one
 * strategy played over the scenario's timeline), on a monotonic clock.
 */
export const SCHEMA_VERSION = EVENTS_DB_SCHEMA_VERSION;

const TABLES: ReadonlyArray<[string, TableContract]> = Object.entries(EVENTS_DB_TABLES);

export const SCHEMA_SQL = TABLES.map(([name, table]) => createTableSql(name, table)).join("\n");

/** Indexes the analytics rely on; created at finish, and again by readers of an unfinished run. */
export const INDEX_SQL = Object.entries(EVENTS_DB_INDEXES)
  .map(([name, ix]) => `CREATE INDEX IF NOT EXISTS ${name} ON ${ix.table} (${ix.columns.join(", ")});`)
  .join("\n");

/** Every table with its columns, for readers that add what an older file lacks. */
export const SCHEMA_TABLES = TABLES;
