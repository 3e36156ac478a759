/** @faultline/analytics: every figure, chart and report derived from a run's events.db. */
export { computeSummary, summariseRun } from "./summary.js";
export { AnalyticsErrorCodes } from "./errors.js";
export type { AnalyticsErrorCode } from "./errors.js";
export { ANALYTICS_DEFAULTS } from "./defaults.js";
export type { Summary, PassSummary, Incident, Percentiles, PassCost, SloCheck, StrategySummary, RepeatStat } from "./types.js";
