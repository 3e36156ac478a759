import type { ConformanceCase, Graded } from "../case.js";
import type { CaseEvidence, RequestTrace } from "../evidence/case-evidence.js";
import { callerOutcome, outcomeLine, traceLine } from "../evidence/figures.js";
import { partial, pass } from "./grading.js";

/**
 * A request the provider refused for what it is: the caller should get the
 * 4xx with its reason after one upstream attempt. Another endpoint of the same
 * model refuses it too, so trying it is a wasted call (partial); losing the
 * reason (a 502 of the stack's own, say) leaves the caller unable to fix the
 * request (safe).
 */
function refusedWithReason(e: CaseEvidence, reason: string, alsoSaidAs: readonly string[] = []): Graded {
  const errors = e.requests.filter((r) => callerOutcome(r, e.deadlineMs) === "clean-error");
  // The load generator keeps the first 200 characters of an error body, which may end before the code: the
  // provider's message says the same thing in words.
  const said = (r: RequestTrace) => [reason, ...alsoSaidAs].some((m) => r.error?.includes(m));
  const lost = errors.find((r) => r.status === null || r.status < 400 || r.status >= 500 || !said(r));
  if (lost)
    return {
      verdict: "safe",
      reason:
        `the caller got an error without the provider's reason (${reason}), ` +
        `e.g. ${traceLine(lost)}: ${lost.error ?? ""}; ${outcomeLine(e.requests, e.deadlineMs)}`,
    };
  const wasted = errors.find((r) => r.attempts.length > 1);
  if (wasted) return partial(e, `the refused request was also sent to another endpoint, which refused it too`, wasted);
  return pass(e, `every refusal reached the caller with its reason (${reason}) after one upstream attempt`);
}

/**
 * A cut answer that no endpoint with prefill can continue has only one right end: an explicit error (restarting
 * it elsewhere would splice two different answers). So here, unlike most cases, a clean error after a cut is
 * conforming; what is not is a prefill sent to the backup that declared it cannot take one.
 */
function prefillKeptOffBackup(e: CaseEvidence): Graded {
  const refused = e.requests.find((r) => r.attempts.some((a) => a.node === "backup" && a.status === 400));
  if (refused)
    return partial(e, "a prefill was sent to the backup, declared without prefill, and it answered 400", refused);
  const errors = e.requests.filter((r) => callerOutcome(r, e.deadlineMs) === "clean-error");
  const uncut = errors.find((r) => !r.attempts.some((a) => a.outcome === "cut"));
  if (uncut)
    return {
      verdict: "safe",
      reason:
        `a request failed with no cut to explain it, e.g. ${traceLine(uncut)}: ${uncut.error ?? ""}; ` +
        outcomeLine(e.requests, e.deadlineMs),
    };
  return pass(
    e,
    `no prefill reached the backup; ${errors.length} cut answer(s) that no endpoint with prefill could continue ` +
      "ended in an explicit error, every other answer arrived whole"
  );
}

/** Requests that must not be retried as they are: context length, content filter, rejected prefill. */
export const MUST_NOT_RETRY_CASES: readonly ConformanceCase[] = [
  {
    id: "context-length-exceeded",
    group: "requests that must not be retried as they are",
    title: "context length exceeded",
    property:
      "A 400 context_length_exceeded is never retried as it is: the caller gets the 400 with its reason after one " +
      "upstream attempt.",
    durationMs: 2000,
    // Both nodes serve the same model with a 64-token context; every prompt is longer, so both refuse it
    // (the simulator's own 400, OpenAI's body).
    nodes: {
      primary: { profile: "zero", overrides: { maxContext: 64 } },
      backup: { profile: "zero", overrides: { maxContext: 64 } },
    },
    load: { promptTokens: 200 },
    nonRetryableStatuses: [400],
    attacks: [],
    grade: (e) => refusedWithReason(e, "context_length_exceeded", ["maximum context length"]),
  },
  {
    id: "content-filter",
    group: "requests that must not be retried as they are",
    title: "content-filter rejection",
    property:
      "A content-filter refusal is never retried, and its reason (content_filter) is passed through to the caller.",
    durationMs: 2000,
    // Both nodes are Azure deployments of the same model behind the same filter, so the backup refuses the prompt too.
    nodes: { primary: { persona: "azure-openai" }, backup: { persona: "azure-openai" } },
    nonRetryableStatuses: [400],
    attacks: [
      { at: "0ms", target: "primary", fault: "content-filter" },
      { at: "0ms", target: "backup", fault: "content-filter" },
    ],
    // Azure's message comes before its code, past the 200 characters of an error body the load generator keeps.
    grade: (e) => refusedWithReason(e, "content_filter", ["content management policy"]),
  },
  {
    id: "prefill-rejected-fallback",
    group: "requests that must not be retried as they are",
    title: "fallback that rejects assistant prefill",
    property:
      "A stream cut mid-answer is never resumed with an assistant prefill on a fallback declared without prefill " +
      "(which refuses one with a 400): the answer is resumed whole where prefill is supported, or the caller gets " +
      "an explicit error; never a wrong answer, never a retried 400.",
    durationMs: 3500,
    load: { stream: 1 },
    // The primary takes prefills and the backup, an Anthropic model without prefill, says so in the system's
    // declaration (supportsPrefill: false) and refuses one with a 400.
    nodes: {
      primary: { supportsPrefill: true },
      backup: { persona: "anthropic", supportsPrefill: false },
    },
    nonRetryableStatuses: [400],
    attacks: [
      { at: "1500ms", target: "primary", fault: "stream-cut", afterTokens: 3, duration: "1500ms" },
      { at: "0ms", target: "backup", fault: "prefill-rejected" },
    ],
    grade: prefillKeptOffBackup,
  },
];
