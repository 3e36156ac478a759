/** @faultline/analytics: every figure, chart and report derived from a run's events.db. */
export { computeSummary } from "./summary.js";
export { buildReport, summaryJson } from "./build-report.js";
export { formatSummaryTable, summaryRows, verdictLine } from "./report/summary-table.js";
export { summaryMarkdown } from "./report/markdown.js";
export { FIGURE_DEFINITIONS } from "./report/definitions.js";
export { PAPER_CITATION, PAPER_FIGURES, paperComparison } from "./report/paper.js";
export { AnalyticsErrorCodes } from "./errors.js";
export type { AnalyticsErrorCode } from "./errors.js";
export { ANALYTICS_DEFAULTS } from "./defaults.js";
export type {
  Summary,
  PassSummary,
  Incident,
  Percentiles,
  PassCost,
  SloCheck,
  StrategySummary,
  RepeatStat,
  Postmortem,
  RunContext,
  AttackLedgerRow,
  TrafficRow,
} from "./types.js";
export { compareRuns } from "./compare/compare-runs.js";
export type { CompareOptions, Comparison, ComparedColumn, ComparedRow } from "./compare/compare-runs.js";
export { parseCompareThreshold } from "./compare/thresholds.js";
export type { CompareThreshold } from "./compare/thresholds.js";
export { COMPARED_FIGURES } from "./compare/figures.js";
export { listRuns, savedRuns } from "./compare/list-runs.js";
export type { SavedRun } from "./compare/list-runs.js";
export { formatSloActual, sloMark } from "./report/slo-actual.js";
export { loadChartLibraries, specToSvg, svgToPng } from "./charts/render.js";
export { vegaConfig, CHART_THEME } from "./charts/theme.js";
