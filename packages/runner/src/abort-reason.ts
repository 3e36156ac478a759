import { isFaultlineError } from "@faultline/core";

/**
 * How a pass ends when its signal fires: Ctrl-C interrupts it; a faultline
 * error (the event log's disk failed) aborts it, with that error's message as
 * the reason stored in `passes.abort_reason`.
 */
export function endOnAbort(signal: AbortSignal): { status: "interrupted" | "aborted"; reason: string } {
  const r: unknown = signal.reason;
  return isFaultlineError(r)
    ? { status: "aborted", reason: r.message }
    : { status: "interrupted", reason: "interrupted by signal" };
}
