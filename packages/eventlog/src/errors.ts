import type { ErrorCode } from "@faultline/contracts";

/** Every error code @faultline/eventlog throws; the CLI maps codes to exit statuses. */
export const EventLogErrorCodes = {
  /**
   * A write to events.db failed mid-run: the disk is full, the folder turned
   * read-only, or an I/O error. The run is stopped; what was written stays readable.
   */
  WRITE_FAILED: "FAULTLINE_LOG_WRITE_FAILED",
  /** `faultline audit` was given something that is not a routing ledger (no file, not SQLite, no ledger table). */
  LEDGER_UNREADABLE: "FAULTLINE_LEDGER_UNREADABLE",
} as const satisfies Record<string, ErrorCode>;
