export { EventLog, openEventLogForRead } from "./event-log.js";
export type { EventLogOptions, NodeRecord, AttackRecord } from "./event-log.js";
export { SCHEMA_SQL, INDEX_SQL, SCHEMA_VERSION } from "./schema.js";
export { COLUMNS } from "./rows.js";
export type { RequestRow, RoutingEventRow, NodeEventRow, NodeAttemptRow, SampleRow, BatchedTable, RowOf } from "./rows.js";
export { EVENT_LOG_DEFAULTS } from "./defaults.js";
