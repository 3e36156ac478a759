import type { ConformanceCase, Graded } from "../case.js";
import type { CaseEvidence, RequestTrace } from "../evidence/case-evidence.js";
import { callerOutcome, outcomeLine, traceLine } from "../evidence/figures.js";
import { answeredThen, partial, pass } from "./grading.js";

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
    persona: {
      persona: "azure-openai",
      sends: "400 with code content_filter and its innererror content_filter_result",
      runsToday: false,
    },
    nonRetryableStatuses: [400],
    attacks: [{ at: "0ms", target: "primary", fault: "errors", status: 400 }],
    grade: (e) => refusedWithReason(e, "content_filter"),
  },
  {
    id: "prefill-rejected-fallback",
    group: "requests that must not be retried as they are",
    title: "fallback that rejects assistant prefill",
    property:
      "A stream cut mid-answer is not resumed with an assistant prefill on a fallback that rejects prefill: the " +
      "fallback gets a fresh request (the answer restarted) or the caller an explicit error, never a retried 400.",
    durationMs: 3500,
    load: { stream: 1 },
    persona: {
      persona: "anthropic",
      sends: "400 to a request whose last message is the assistant's (models without prefill)",
      runsToday: false,
    },
    nonRetryableStatuses: [400],
    attacks: [{ at: "1500ms", target: "primary", fault: "stream-cut", afterTokens: 3, duration: "1500ms" }],
    grade: (e) => answeredThen(e, () => pass(e, "every cut answer was restarted whole without a rejected prefill")),
  },
];
