import type { ErrorCode } from "@faultline/contracts";
/** Error codes of the runner; the CLI maps them to exit statuses. */
export const RunnerErrorCodes = {
  /** A node child process did not start or report ready. */
  NODE_START_FAILED: "FAULTLINE_NODE_START_FAILED",
  /** A node's admin API could not be reached. */
  NODE_UNREACHABLE: "FAULTLINE_NODE_UNREACHABLE",
  /** The results directory could not be created. */
  RESULTS_UNWRITABLE: "FAULTLINE_RESULTS_UNWRITABLE",
} as const satisfies Record<string, ErrorCode>;
