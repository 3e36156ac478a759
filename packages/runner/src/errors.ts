/** Error codes of the runner; the CLI maps them to exit statuses. */
export const RunnerErrorCodes = {
  /** A node child process did not start or report ready. */
  NODE_START_FAILED: "FAULTLINE_NODE_START_FAILED",
  /** A node's admin API could not be reached. */
  NODE_UNREACHABLE: "FAULTLINE_NODE_UNREACHABLE",
  /** The run folder could not be created, or could not take events.db (read-only, already full); the message names the path. */
  RESULTS_UNWRITABLE: "FAULTLINE_RESULTS_UNWRITABLE",
} as const;
