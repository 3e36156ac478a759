import { FaultlineError } from "@faultline/core";
import { EventLogErrorCodes } from "./errors.js";

// SQLite's codes (and Node's, for the reserve file) that mean the disk failed, not the data:
// full, read-only, gone, or an I/O error. Anything else is a bug and is thrown as it is.
const DISK_CODES = /^(SQLITE_(FULL|IOERR|READONLY|CANTOPEN)|ENOSPC|EROFS|EDQUOT|EIO|EACCES|EPERM)/;

/** True when `err` is a write failure of the disk rather than of the data. */
export function isDiskError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && DISK_CODES.test(code);
}

/** Words for a disk error's code, for the one message a person reads. */
function reason(err: unknown): string {
  const code = String((err as { code?: unknown }).code);
  if (/FULL|ENOSPC|EDQUOT/.test(code)) return "the disk is full";
  if (/READONLY|EROFS|EACCES|EPERM/.test(code)) return "the folder is read-only";
  return "the disk reported an I/O error";
}

/**
 * Runs the event log's writes and turns the first disk failure into one
 * FAULTLINE_LOG_WRITE_FAILED error, handed to `onFailure` so the run can stop
 * cleanly. Later writes are dropped rather than thrown: they come from timers,
 * IPC messages and request callbacks, where a throw was an uncaught crash.
 */
export class WriteGuard {
  /** The first disk failure, or null while every write has succeeded. */
  failure: FaultlineError | null = null;
  /** Rows and records not written because the disk had failed. */
  dropped = 0;

  constructor(
    private readonly path: string,
    private readonly onFailure: (err: FaultlineError) => void
  ) {}

  /** Runs a write; after a disk failure it is skipped and returns undefined. */
  write<T>(fn: () => T): T | undefined {
    if (this.failure) {
      this.dropped++;
      return undefined;
    }
    try {
      return fn();
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  /**
   * Runs a write that records how the run ended (pass status, `complete`, a
   * revert). After a failure it is still tried, since the reserve was freed for
   * it, and a second failure is ignored: the rows already written matter more.
   */
  final<T>(fn: () => T): T | undefined {
    if (!this.failure) return this.write(fn);
    try {
      return fn();
    } catch (err) {
      if (!isDiskError(err)) throw err;
      return undefined;
    }
  }

  private fail(err: unknown): void {
    if (!isDiskError(err)) throw err;
    const code = String((err as { code?: unknown }).code);
    this.failure = new FaultlineError(
      EventLogErrorCodes.WRITE_FAILED,
      `could not write to ${this.path}: ${reason(err)} (${code}: ${(err as Error).message}); the ` +
        `run was stopped, its faults reverted and its nodes stopped. Everything written before ` +
        `stays readable (faultline report reads it read-only); free some space, or pass --results ` +
        `on another disk, and rerun`,
      { field: "results", cause: err }
    );
    this.onFailure(this.failure);
  }
}
