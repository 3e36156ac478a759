import type { ConformanceCase } from "../case.js";
import type { RequestTrace } from "../evidence/case-evidence.js";
import { attemptsPerRequest, faultWindow } from "../evidence/figures.js";
import { answeredThen, partial, pass } from "./grading.js";

const SHORT_RETRY_AFTER_MS = 500;
/** Slack for timer and network jitter before a re-sent request counts as early. */
const EARLY_SLACK_MS = 50;

/** Rate limits and overload: 429s with and without Retry-After, quota 429s, Anthropic's 529. */
export const RATE_LIMIT_CASES: readonly ConformanceCase[] = [
  {
    id: "rate-limit-short-retry-after",
    group: "rate limits and overload",
    title: "429 with a short Retry-After",
    property:
      "A 429 whose Retry-After is short (0.5 s) is waited out on the same endpoint, not failed over and not " +
      "ignored: every request is answered, and the attempt after a 429 goes to the same node no sooner than its " +
      "Retry-After.",
    durationMs: 3500,
    // 30% of attempts are limited (a limiter that lets most through once its window turns), so the
    // wait is worth it: most requests sent again after 0.5 s are served by the same node.
    attacks: [
      {
        at: "1500ms",
        target: "primary",
        fault: "rate-limit",
        retryAfterMs: SHORT_RETRY_AFTER_MS,
        probability: 0.3,
        duration: "1500ms",
      },
    ],
    grade: (e) =>
      answeredThen(e, (rs) => {
        const afterLimit = (r: RequestTrace) => {
          const i = r.attempts.findIndex((a) => a.status === 429);
          return i < 0 || i + 1 >= r.attempts.length ? null : { limited: r.attempts[i]!, next: r.attempts[i + 1]! };
        };
        const early = rs.find((r) => {
          const x = afterLimit(r);
          return (
            x !== null &&
            x.next.node === x.limited.node &&
            x.next.arrivedMs < x.limited.endMs + SHORT_RETRY_AFTER_MS - EARLY_SLACK_MS
          );
        });
        if (early)
          return partial(e, `a node got a request again sooner than its ${SHORT_RETRY_AFTER_MS} ms Retry-After`, early);
        const moved = rs.find((r) => {
          const x = afterLimit(r);
          return x !== null && x.next.node !== x.limited.node;
        });
        if (moved)
          return partial(e, "a short Retry-After was not waited out: the request went to another endpoint", moved);
        return pass(e, `every 429 was waited out on the same node (Retry-After ${SHORT_RETRY_AFTER_MS} ms)`);
      }),
  },
  {
    id: "rate-limit-long-retry-after",
    group: "rate limits and overload",
    title: "429 with a 60 s Retry-After",
    property:
      "Nobody waits out a 60 s Retry-After: every request is answered by the backup, and the rate-limited primary " +
      "gets no more traffic while its Retry-After runs (at most 3 more attempts, those already in flight).",
    durationMs: 4000,
    attacks: [{ at: "1500ms", target: "primary", fault: "rate-limit", retryAfterMs: 60_000, duration: "2s" }],
    grade: (e) =>
      answeredThen(e, (rs) => {
        const limited = rs
          .flatMap((r) => r.attempts)
          .filter((a) => a.node === "primary" && a.status === 429)
          .sort((a, b) => a.arrivedMs - b.arrivedMs);
        const later = limited.length - 1;
        if (later > 3)
          return partial(
            e,
            `the primary got ${later} more request(s) after its first 429 said to wait 60 s ` +
              `(the first at ${limited[0]!.endMs.toFixed(0)} ms)`
          );
        return pass(e, `the primary got ${Math.max(later, 0)} more request(s) after its first 429`);
      }),
  },
  {
    id: "rate-limit-no-retry-after",
    group: "rate limits and overload",
    title: "429 without Retry-After, persistent",
    property:
      "A primary that keeps answering 429 moves traffic to the backup: every request is answered with at most 2 " +
      "upstream attempts.",
    durationMs: 4000,
    // Bedrock's ThrottlingException is the provider 429 that carries no Retry-After and passes with time (the AWS
    // SDKs back off on their own). Anthropic's 429 without retry-after is its spend limit: a quota, not a rate.
    nodes: { primary: { persona: "bedrock" } },
    attacks: [{ at: "1500ms", target: "primary", fault: "rate-limit", duration: "2500ms" }],
    grade: (e) =>
      answeredThen(e, (rs) => {
        const worst = rs.find((r) => r.attempts.length > 2);
        if (worst) return partial(e, "some requests took more than 2 upstream attempts", worst);
        return pass(e, "every request answered within 2 attempts");
      }),
  },
  {
    id: "quota-429-not-retried",
    group: "rate limits and overload",
    title: "non-retryable quota 429 (insufficient_quota)",
    property:
      "An insufficient_quota 429 is never retried on the endpoint that sent it: the caller gets the backup's " +
      "answer, or the error, after one attempt there.",
    durationMs: 3500,
    // OpenAI's 429 insufficient_quota: no Retry-After, and no wait within a request brings the credit back.
    nodes: { primary: { persona: "openai" } },
    nonRetryableStatuses: [429],
    attacks: [{ at: "1500ms", target: "primary", fault: "quota-exhausted", duration: "1500ms" }],
    grade: (e) => answeredThen(e, () => pass(e, "no quota 429 was retried")),
  },
  {
    id: "overloaded-529",
    group: "rate limits and overload",
    title: "Anthropic's 529 overloaded_error",
    property:
      "A 529 means the provider as a whole is overloaded: traffic goes to the backup with at most 2 upstream " +
      "attempts per request.",
    durationMs: 3500,
    // An anthropic node sends every overload (the errors fault's 503) as 529 overloaded_error.
    nodes: { primary: { persona: "anthropic" } },
    attacks: [{ at: "1500ms", target: "primary", fault: "errors", status: 503, duration: "1500ms" }],
    grade: (e) =>
      answeredThen(e, (rs) => {
        const a = attemptsPerRequest(rs);
        if (a.max > 2)
          return partial(
            e,
            `a request took ${a.max} upstream attempts`,
            rs.find((r) => r.attempts.length > 2)
          );
        const w = faultWindow(e);
        return pass(e, `served by the backup from ${w.fromMs.toFixed(0)} ms`);
      }),
  },
];
