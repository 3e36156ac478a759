import type { ErrorCode } from "@faultline/contracts";
/** Error codes of the runner; the CLI maps them to exit statuses. */
export const RunnerErrorCodes = {
  /** A node child process did not start or report ready. */
  NODE_START_FAILED: "FAULTLINE_NODE_START_FAILED",
  /** A node's admin API could not be reached. */
  NODE_UNREACHABLE: "FAULTLINE_NODE_UNREACHABLE",
  /**
   * The run folder could not be created, or could not take events.db (read-only, already full); the message names the
   * path.
   */
  RESULTS_UNWRITABLE: "FAULTLINE_RESULTS_UNWRITABLE",
  /** A system's command could not be started, or exited before it was ready. */
  SYSTEM_START_FAILED: "FAULTLINE_SYSTEM_START_FAILED",
  /** A started system's ready URL did not answer below 500 in time. */
  SYSTEM_NOT_READY: "FAULTLINE_SYSTEM_NOT_READY",
  /** A started system exited during its pass. */
  SYSTEM_DIED: "FAULTLINE_SYSTEM_DIED",
  /** `--shard` or `--start-at` is malformed, out of range or too far in the past, or a node is not shared. */
  SHARD_INVALID: "FAULTLINE_SHARD_INVALID",
  /** Runs given to `merge` are not all the shards of one run. */
  MERGE_CONFLICT: "FAULTLINE_MERGE_CONFLICT",
} as const satisfies Record<string, ErrorCode>;
