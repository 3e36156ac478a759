import type { ErrorCode } from "@faultline/contracts";
/** Error codes of @faultline/analytics; the CLI maps each to an exit status. */
export const AnalyticsErrorCodes = {
  /** The run directory (or its events.db) does not exist. */
  FAULTLINE_RUN_NOT_FOUND: "FAULTLINE_RUN_NOT_FOUND",
  /** events.db exists but is not a faultline event log (no passes table, wrong schema). */
  FAULTLINE_RUN_UNREADABLE: "FAULTLINE_RUN_UNREADABLE",
  /** The run holds no pass, so there is nothing to report. */
  FAULTLINE_RUN_EMPTY: "FAULTLINE_RUN_EMPTY",
  /** `compare` was given bad input: no runs, an unknown baseline, or an unknown threshold name. */
  FAULTLINE_COMPARE_INVALID: "FAULTLINE_COMPARE_INVALID",
  /** The report files could not be written (full or read-only disk); the figures were still read and printed. */
  FAULTLINE_REPORT_UNWRITABLE: "FAULTLINE_REPORT_UNWRITABLE",
  /** A chart could not be rendered to SVG or PNG. */
  FAULTLINE_CHART_FAILED: "FAULTLINE_CHART_FAILED",
} as const satisfies Record<string, ErrorCode>;

/** One of the analytics error codes. */
export type AnalyticsErrorCode = (typeof AnalyticsErrorCodes)[keyof typeof AnalyticsErrorCodes];
