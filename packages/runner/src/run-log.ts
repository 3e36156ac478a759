import { accessSync, constants, existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { FaultlineError } from "@faultline/core";
import { EventLog, isDiskError } from "@faultline/eventlog";
import { RunnerErrorCodes } from "./errors.js";

/**
 * Why `runDir` could not be created, with the folder at fault. mkdir's own
 * error misleads: with `recursive` on a read-only disk Node reports ENOENT.
 */
export function whyNotCreated(runDir: string, err: unknown): string {
  let dir = dirname(runDir);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
  } catch (denied) {
    return `${dir} is read-only (${(denied as { code?: string }).code}); pass --results <dir> on a writable disk`;
  }
  return `${(err as Error).message}; pass --results <dir> on a writable disk`;
}

/**
 * Opens a run's events.db for writing, and a signal that fires when a write
 * to it fails for want of disk, so the run stops cleanly: faults reverted,
 * nodes stopped, one message (issue 24: it crashed with a stack trace).
 * A folder that cannot take the file at all is reported with its path.
 */
export function openRunLog(runDir: string): { log: EventLog; diskFailed: AbortSignal } {
  const failed = new AbortController();
  const path = join(runDir, "events.db");
  try {
    const log = new EventLog(path, { onWriteFailure: (err) => failed.abort(err) });
    return { log, diskFailed: failed.signal };
  } catch (err) {
    // The reserve may have fitted where the database did not; leave no 256 KiB of zeros behind.
    rmSync(`${path}-reserve`, { force: true });
    if (!isDiskError(err)) throw err;
    const code = (err as { code?: string }).code;
    throw new FaultlineError(
      RunnerErrorCodes.RESULTS_UNWRITABLE,
      `cannot write ${path}: ${(err as Error).message} (${code}); free some space or pass ` +
        `--results <dir> on a writable disk`,
      { field: "results", cause: err }
    );
  }
}
