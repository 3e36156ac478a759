import type { ConformanceCase, Graded } from "./case.js";
import type { CaseEvidence } from "./evidence/case-evidence.js";
import { callerOutcome, retriedOnSameNode, traceLine } from "./evidence/figures.js";

/**
 * The rules every case shares, applied before its own: any of these is a
 * fail whatever the case checks (issue 15's definition of fail).
 */
export function commonFail(c: ConformanceCase, e: CaseEvidence): Graded | null {
  const wrong = e.requests.filter((r) => callerOutcome(r, e.deadlineMs) === "wrong-success");
  if (wrong.length > 0)
    return {
      verdict: "fail",
      reason:
        `${wrong.length} wrong or truncated answer(s) reached the caller as a success, ` +
        `e.g. ${traceLine(wrong[0]!)}: ${wrong[0]!.error ?? "its text is not what the nodes sent"}`,
    };
  const hung = e.requests.filter((r) => callerOutcome(r, e.deadlineMs) === "hung");
  if (hung.length > 0)
    return {
      verdict: "fail",
      reason:
        `${hung.length} request(s) hung until the caller's ${e.deadlineMs} ms deadline, ` +
        `e.g. ${traceLine(hung[0]!)}`,
    };
  if (c.nonRetryableStatuses) {
    const retried = retriedOnSameNode(e.requests, c.nonRetryableStatuses);
    if (retried.length > 0)
      return {
        verdict: "fail",
        reason:
          `${retried.length} request(s) retried as they were after a non-retryable ` +
          `${c.nonRetryableStatuses.join("/")}, e.g. ${traceLine(retried[0]!)}`,
      };
  }
  return null;
}

/** A case with no requests proves nothing: the load or the system never ran. */
export function noRequests(e: CaseEvidence): Graded | null {
  return e.requests.length === 0 ? { verdict: "fail", reason: "no request was recorded" } : null;
}

/** Grades a case: the common fail rules, then the case's own. */
export function gradeCase(c: ConformanceCase, e: CaseEvidence): Graded {
  return noRequests(e) ?? commonFail(c, e) ?? c.grade(e);
}
