import type { AttemptRow, CaseEvidence, RequestTrace } from "./evidence/case-evidence.js";

/** An attempt as a node logs it, `node status` with the rest defaulted. */
export function attempt(node: string, status: number, more: Partial<AttemptRow> = {}): AttemptRow {
  return {
    node,
    arrivedMs: 0,
    firstByteMs: null,
    endMs: 10,
    status,
    outcome: "complete",
    completionTokens: 16,
    textHash: null,
    textChars: null,
    ...more,
  };
}

let seq = 0;
/** A request the caller got whole, served by the attempts given (default: one 200 from the primary). */
export function answered(
  attempts: AttemptRow[] = [attempt("primary", 200)],
  more: Partial<RequestTrace> = {}
): RequestTrace {
  return {
    requestId: `r-${++seq}`,
    startMs: 1000,
    endMs: 1050,
    ok: true,
    status: 200,
    errorClass: null,
    error: null,
    stream: false,
    completionTokens: 16,
    attempts,
    text: null,
    ...more,
  };
}

/** A request that failed, with the caller's status, class and message. */
export function failed(
  status: number | null,
  errorClass: string,
  error: string,
  attempts: AttemptRow[],
  more: Partial<RequestTrace> = {}
): RequestTrace {
  return answered(attempts, { ok: false, status, errorClass, error, completionTokens: 0, ...more });
}

/** Evidence of one pass: these requests, one attack on the primary from 500 to 2000 ms, a 6 s deadline. */
export function evidence(requests: RequestTrace[], more: Partial<CaseEvidence> = {}): CaseEvidence {
  return {
    requests,
    attacks: [
      {
        attackId: "attack-0",
        target: "primary",
        fault: "errors",
        plannedMs: 500,
        startMs: 505,
        endMs: 2000,
        revertedMs: 2003,
      },
    ],
    deadlineMs: 6000,
    passEndMs: 2500,
    nodeLog: true,
    ...more,
  };
}
