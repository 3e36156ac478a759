// @faultline/contracts: one table for each word more than one package uses (STYLE.md, 12).
// No runtime dependencies, so the CLI, the validator and the docs-sync tests can read it cheaply.
export { EXIT_STATUS, ERROR_CODES, exitStatusOfCode, errorCodesOf } from "./error-codes.js";
export type { ErrorCode, ErrorCodeContract, ErrorOwner } from "./error-codes.js";
export { DEFINITIONS } from "./definitions.js";
export type { DefinitionKey } from "./definitions.js";
export { SUMMARY_FIGURES, checkFigures, comparedFigureKeys, repeatedFigureKeys } from "./figures.js";
export type {
  FigureCheck,
  FigureUnit,
  SloKey,
  SteadyStateKey,
  StopKey,
  SummaryFigure,
  SummaryFigureKey,
} from "./figures.js";
export { STRATEGY_NAMES } from "./strategies.js";
export type { StrategyName } from "./strategies.js";
export { CONVERSATION_LOST_CODE, SESSION_APIS } from "./session-apis.js";
export type { SessionApi } from "./session-apis.js";
export { FAILURE_CLASSES } from "./failure-classes.js";
export type { FailureClass } from "./failure-classes.js";
export { ROUTING_EVENT_KINDS } from "./routing-events.js";
export type { RoutingEventKind } from "./routing-events.js";
export {
  EVENTS_DB_INDEXES,
  EVENTS_DB_META_KEYS,
  EVENTS_DB_SCHEMA_VERSION,
  EVENTS_DB_TABLES,
  READABLE_EVENTS_DB_VERSIONS,
  createTableSql,
} from "./events-db.js";
export type {
  ColumnContract,
  ColumnType,
  EventsDbMetaKey,
  EventsDbTable,
  RunHost,
  TableContract,
} from "./events-db.js";
export {
  AT_LEAST_ONE_KEYS,
  CLIENT_OPTIONS_SCHEMA,
  DEFAULT_OPTIONS,
  DURATION_KEYS,
  FRACTION_KEYS,
  TEXT_KEYS,
  ROUTINGS,
  MAINTENANCE_ANSWERS,
  ENUM_OPTIONS,
  COUNT_KEYS,
} from "./client-options.js";
export type { ClientOptions } from "./client-options.js";
export { CLIENT_OPTION_MEANINGS } from "./client-option-meanings.js";
export { codeWords, tableAfter } from "./markdown.js";
export { RESIDENCY_HEADER, jurisdictionAllows, jurisdictionTags } from "./residency.js";
export { LEDGER_FILTERS, LEDGER_GENESIS_HASH } from "./ledger.js";
export type { LedgerFilter, LedgerFilterResult, RoutingDecision } from "./ledger.js";
export {
  TIERS,
  ENDPOINT_TIERS,
  TIER_HEADER,
  MIN_TIER_HEADER,
  CACHE_HEADER,
  QUEUED_HEADER,
  QUEUE_OUTCOMES,
  tierAllows,
} from "./tiers.js";
export type { Tier, EndpointTier, QueueOutcome } from "./tiers.js";
export { AFFINITY_KEYS, SESSION_HEADER, TURN_HEADER } from "./sessions.js";
export type { AffinityKey } from "./sessions.js";
