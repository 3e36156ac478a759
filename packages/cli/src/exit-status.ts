import { isFaultlineError } from "@faultline/core";

/** Exit statuses of the faultline CLI; documented in the README. */
export const ExitStatus = Object.freeze({
  /** Every SLO of the gating strategy held. */
  OK: 0,
  /** The run finished and an SLO was violated (or `compare` found a regression). */
  SLO_VIOLATED: 1,
  /** Bad input: a scenario file, a flag, a config file. Nothing was run. */
  BAD_INPUT: 2,
  /** The run could not be carried out: a node did not start, a port could not be bound, an attack could not be injected. */
  RUNTIME_FAILURE: 3,
  /** Interrupted with Ctrl-C; faults were reverted and the partial run was reported. */
  INTERRUPTED: 130,
});

/**
 * Codes that mean "the environment failed", not "the input was wrong".
 * Every other FAULTLINE_* code is an input error (exit 2).
 */
// Literal strings, not imports: importing the packages' tables here would load fastify and vega
// for `--help`. exit-status.test.ts checks each one against the package that owns it.
export const RUNTIME_CODES: ReadonlySet<string> = new Set([
  "FAULTLINE_NODE_START_FAILED",
  "FAULTLINE_NODE_UNREACHABLE",
  "FAULTLINE_RESULTS_UNWRITABLE",
  "FAULTLINE_LOG_WRITE_FAILED",
  "FAULTLINE_REPORT_UNWRITABLE",
  "FAULTLINE_NODE_LISTEN_FAILED",
  "FAULTLINE_CHART_FAILED",
]);

/** Maps an error to the CLI's exit status. */
export function exitStatusFor(err: unknown): number {
  if (isFaultlineError(err)) return RUNTIME_CODES.has(err.code) ? ExitStatus.RUNTIME_FAILURE : ExitStatus.BAD_INPUT;
  return ExitStatus.RUNTIME_FAILURE;
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
