import type { Graded } from "../case.js";
import type { CaseEvidence, RequestTrace } from "../evidence/case-evidence.js";
import { callerOutcome, outcomeLine, traceLine } from "../evidence/figures.js";

/**
 * The shape most cases share once the common fail rules found nothing: a
 * request that failed (cleanly) makes the case `safe`; otherwise `check`
 * decides between pass and partial. `scope` narrows the requests judged.
 */
export function answeredThen(
  e: CaseEvidence,
  check: (requests: readonly RequestTrace[]) => Graded,
  scope: readonly RequestTrace[] = e.requests
): Graded {
  const failed = scope.filter((r) => callerOutcome(r, e.deadlineMs) === "clean-error");
  if (failed.length > 0)
    return {
      verdict: "safe",
      reason: (
        `${outcomeLine(scope, e.deadlineMs)}; failed cleanly, ` +
        `e.g. ${traceLine(failed[0]!)}: ${failed[0]!.error ?? ""}`
      ).trim(),
    };
  return check(scope);
}

/** A pass that quotes the outcome figures. */
export function pass(e: CaseEvidence, why: string, scope: readonly RequestTrace[] = e.requests): Graded {
  return { verdict: "pass", reason: `${why}; ${outcomeLine(scope, e.deadlineMs)}` };
}

/** A partial that quotes the outcome figures and an example request. */
export function partial(
  e: CaseEvidence,
  why: string,
  example?: RequestTrace,
  scope: readonly RequestTrace[] = e.requests
): Graded {
  const eg = example ? `, e.g. ${traceLine(example)}` : "";
  return { verdict: "partial", reason: `${why}${eg}; ${outcomeLine(scope, e.deadlineMs)}` };
}
