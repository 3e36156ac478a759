import type { CaseEvidence, RequestTrace } from "./case-evidence.js";

/** What reached the caller, in the verdict rules' terms. */
export type CallerOutcome = "ok" | "wrong-success" | "hung" | "clean-error";

// The load generator's answer judge (packages/runner/src/systems/answer-judge.ts) names a 200 that is
// not a whole answer with these messages: a stream that ended without finish_reason, and a body that
// is not a whole chat completion. A malformed frame or an error event inside a stream is not in the
// list: the caller's parser sees it, so it fails visibly.
const TRUNCATED_OR_WRONG_200 = ["passed on as a success", "is not a chat completion", "has no finish_reason"] as const;

/** Classifies one request: a wrong or truncated success, a hang to the deadline, a clean error, or ok. */
export function callerOutcome(r: RequestTrace, deadlineMs: number): CallerOutcome {
  if (r.ok) return r.text === "mismatch" ? "wrong-success" : "ok";
  if (r.status === 200 && TRUNCATED_OR_WRONG_200.some((m) => r.error?.includes(m))) return "wrong-success";
  if (r.errorClass === "deadline" || r.endMs - r.startMs >= deadlineMs) return "hung";
  return "clean-error";
}

/** Requests by outcome. */
export interface OutcomeCounts {
  readonly total: number;
  readonly ok: number;
  readonly wrongSuccess: number;
  readonly hung: number;
  readonly cleanError: number;
}

/** Counts the outcomes of `requests`. */
export function countOutcomes(requests: readonly RequestTrace[], deadlineMs: number): OutcomeCounts {
  const c = { total: requests.length, ok: 0, wrongSuccess: 0, hung: 0, cleanError: 0 };
  for (const r of requests) {
    const o = callerOutcome(r, deadlineMs);
    if (o === "ok") c.ok++;
    else if (o === "wrong-success") c.wrongSuccess++;
    else if (o === "hung") c.hung++;
    else c.cleanError++;
  }
  return c;
}

/** Upstream attempts per request, as the nodes logged them: mean and max. */
export function attemptsPerRequest(requests: readonly RequestTrace[]): { mean: number; max: number } {
  if (requests.length === 0) return { mean: 0, max: 0 };
  let sum = 0;
  let max = 0;
  for (const r of requests) {
    sum += r.attempts.length;
    max = Math.max(max, r.attempts.length);
  }
  return { mean: sum / requests.length, max };
}

/** The node whose complete 200 served the request, or null. */
export function servedBy(r: RequestTrace): string | null {
  if (!r.ok) return null;
  for (let i = r.attempts.length - 1; i >= 0; i--) {
    const a = r.attempts[i]!;
    if (a.status === 200 && a.outcome === "complete") return a.node;
  }
  return null;
}

/** Requests sent in [fromMs, toMs). */
export function startedIn(requests: readonly RequestTrace[], fromMs: number, toMs: number): RequestTrace[] {
  return requests.filter((r) => r.startMs >= fromMs && r.startMs < toMs);
}

/** An attack's window as it happened: from its injection to its revert (else its planned end, else the pass end). */
export function faultWindow(e: CaseEvidence, index = 0): { fromMs: number; toMs: number } {
  const a = e.attacks[index];
  return { fromMs: a?.startMs ?? 0, toMs: a?.revertedMs ?? a?.endMs ?? e.passEndMs };
}

/** Requests for which a node got the same request again after answering it with one of `statuses`. */
export function retriedOnSameNode(requests: readonly RequestTrace[], statuses: readonly number[]): RequestTrace[] {
  return requests.filter((r) =>
    r.attempts.some((a, i) => statuses.includes(a.status) && r.attempts.slice(i + 1).some((b) => b.node === a.node))
  );
}

/** "12 requests: 11 ok, 1 clean error, 0 wrong, 0 hung; 1.08 attempts/request (max 2)". */
export function outcomeLine(requests: readonly RequestTrace[], deadlineMs: number): string {
  const c = countOutcomes(requests, deadlineMs);
  const a = attemptsPerRequest(requests);
  return (
    `${c.total} requests: ${c.ok} ok, ${c.cleanError} clean error, ${c.wrongSuccess} wrong or truncated success, ` +
    `${c.hung} hung; ${a.mean.toFixed(2)} upstream attempts/request (max ${a.max})`
  );
}

/** "r-12 (primary 429, backup 200)": a request and its attempts, for a verdict's reason. */
export function traceLine(r: RequestTrace): string {
  const seen = r.attempts.map(
    (a) => `${a.node} ${a.status || "no status"}${a.outcome === "complete" ? "" : ` ${a.outcome}`}`
  );
  const got = r.ok ? "ok" : `${r.status ?? "no status"} ${r.errorClass ?? ""}`.trim();
  return `${r.requestId} (caller got ${got}; nodes saw ${seen.join(", ") || "nothing"})`;
}

/**
 * Whether the last `n` attempts `node` finished before `atMs` all failed (a 5xx, or closed with no status): the
 * evidence a consecutive-failure rule such as Envoy's consecutive_5xx acts on.
 */
export function failedInARow(e: CaseEvidence, node: string, atMs: number, n: number): boolean {
  const finished = e.requests
    .flatMap((r) => r.attempts)
    .filter((a) => a.node === node && a.endMs <= atMs)
    .sort((a, b) => a.endMs - b.endMs);
  if (finished.length < n) return false;
  return finished.slice(-n).every((a) => a.status === 0 || a.status >= 500);
}
