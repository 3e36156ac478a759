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
export { LedgerChain, LEDGER_SQL, linkHash, canonicalRecord } from "./ledger/chain.js";
export type { LedgerRow } from "./ledger/chain.js";
export { LedgerFile, LEDGER_FILE_KIND } from "./ledger/ledger-file.js";
export { openLedger, verifyLedger, ledgerJsonLines } from "./ledger/read-ledger.js";
export type { LedgerVerdict } from "./ledger/read-ledger.js";
