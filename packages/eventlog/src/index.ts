export { EventLog } from "./event-log.js";
export { openEventLogForRead } from "./open-for-read.js";
export { EventLogErrorCodes } from "./errors.js";
export { isDiskError } from "./write-guard.js";
export { expectedLogBytes } from "./log-size.js";
export type { EventLogOptions, NodeRecord, AttackRecord } from "./event-log.js";
export { SCHEMA_SQL, INDEX_SQL, SCHEMA_VERSION } from "./schema.js";
export { COLUMNS } from "./rows.js";
export type {
  RequestRow,
  RoutingEventRow,
  NodeEventRow,
  NodeAttemptRow,
  SampleRow,
  BatchedTable,
  RowOf,
} from "./rows.js";
export { EVENT_LOG_DEFAULTS } from "./defaults.js";
