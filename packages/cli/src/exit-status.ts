import { EXIT_STATUS, exitStatusOfCode } from "@faultline/contracts";
import { isFaultlineError } from "@faultline/core";

/** Exit statuses of the faultline CLI; the table lives in @faultline/contracts, README.md lists it. */
export const ExitStatus = EXIT_STATUS;

/**
 * Maps an error to the CLI's exit status: a faultline code's status from the contracts table, else a runtime failure.
 */
export function exitStatusFor(err: unknown): number {
  return isFaultlineError(err) ? exitStatusOfCode(err.code) : ExitStatus.RUNTIME_FAILURE;
}

/** The one-or-more lines printed for an error: never a stack trace unless FAULTLINE_DEBUG is set. */
export function formatError(err: unknown): string {
  if (process.env["FAULTLINE_DEBUG"] && err instanceof Error && err.stack) return err.stack;
  if (isFaultlineError(err)) {
    const lines = err.details.length > 0 ? err.details : [err.message];
    return lines.map((l) => `faultline: ${l}`).join("\n") + `\n(${err.code})`;
  }
  const e = err as { code?: string; message?: string };
  if (e?.code === "EADDRINUSE") return `faultline: ${e.message} (choose another --port)`;
  return `faultline: ${e?.message ?? String(err)}`;
}
