import type { ConformanceCase, Graded } from "../case.js";
import type { CaseEvidence, RequestTrace } from "../evidence/case-evidence.js";
import { faultWindow, servedBy, startedIn } from "../evidence/figures.js";
import { answeredThen, partial, pass } from "./grading.js";

const STREAMS = { stream: 1 } as const;

/**
 * A resumed answer's usage must sum every attempt that delivered text (issue 15:
 * callers got the last attempt's usage only). Checked where the text was
 * digested (black-box systems) and is a clean splice.
 */
function undercounted(r: RequestTrace): boolean {
  if (r.text !== "splice") return false;
  const delivered = r.attempts
    .filter((a) => a.outcome === "cut" || (a.status === 200 && a.outcome === "complete" && servedBy(r) === a.node))
    .reduce((sum, a) => sum + a.completionTokens, 0);
  return r.completionTokens < delivered;
}

/** The grade of a stream broken mid-answer: whole answers pass, with coherent usage. */
function brokenStream(e: CaseEvidence): Graded {
  return answeredThen(e, (rs) => {
    const low = rs.find(undercounted);
    if (low)
      return partial(
        e,
        `a resumed answer reported ${low.completionTokens} completion tokens, fewer than its attempts delivered`,
        low
      );
    const recovered = rs.filter((r) =>
      r.attempts.some((a, i) => a.outcome !== "complete" && i < r.attempts.length - 1)
    );
    return pass(e, `every stream reached the caller whole (${recovered.length} after a broken attempt)`);
  });
}

/** Stream faults: stalls, keep-alives, cuts, malformed frames, a missing [DONE], mid-stream errors. */
export const STREAM_CASES: readonly ConformanceCase[] = [
  {
    id: "stream-stall-after-first-token",
    group: "stream faults",
    title: "stall after the first token",
    property:
      "A stream that goes silent after its first token is caught by an inter-token timeout: the caller gets a " +
      "whole answer, or an explicit error, before its deadline.",
    durationMs: 3500,
    load: STREAMS,
    attacks: [{ at: "1500ms", target: "primary", fault: "stream-stall", afterTokens: 1, duration: "1500ms" }],
    grade: brokenStream,
  },
  {
    id: "keepalive-pings",
    group: "stream faults",
    title: "keep-alive comments and pings",
    property:
      "SSE comments and ping events between slow tokens keep a stream alive: none counts as a stall, and every " +
      "answer arrives whole after one upstream attempt.",
    durationMs: 3500,
    load: STREAMS,
    // A 3 s pause after the first token, longer than a typical inter-token timeout (faultline's 2 s), with a
    // keep-alive every 0.5 s: an SSE comment on chat completions (Anthropic's `ping` event on its Messages API).
    attacks: [
      {
        at: "1500ms",
        target: "primary",
        fault: "keepalive-pings",
        afterTokens: 1,
        pauseMs: 3000,
        intervalMs: 500,
        duration: "1500ms",
      },
    ],
    grade: (e) =>
      answeredThen(e, (rs) => {
        const again = rs.find((r) => r.attempts.length > 1);
        if (again) return partial(e, "a stream kept alive by pings was abandoned and sent again", again);
        return pass(e, "every slow stream kept alive by pings was passed on whole");
      }),
  },
  {
    id: "stream-cut",
    group: "stream faults",
    title: "cut stream",
    property:
      "A stream cut mid-answer never reaches the caller as a success; the best stacks resume or restart it so the " +
      "caller gets one whole answer whose usage counts every token delivered.",
    durationMs: 3500,
    load: STREAMS,
    attacks: [{ at: "1500ms", target: "primary", fault: "stream-cut", afterTokens: 3, duration: "1500ms" }],
    grade: brokenStream,
  },
  {
    id: "malformed-chunk",
    group: "stream faults",
    title: "malformed chunk",
    property:
      "An SSE frame of invalid JSON never reaches the caller inside an answer reported whole; the best stacks drop " +
      "or repair it and the caller gets the whole answer.",
    durationMs: 3500,
    load: STREAMS,
    attacks: [{ at: "1500ms", target: "primary", fault: "malformed-chunk", afterTokens: 3, duration: "1500ms" }],
    grade: brokenStream,
  },
  {
    id: "finish-without-done",
    group: "stream faults",
    title: "finish_reason but no [DONE]",
    property:
      "A stream that ends with a finish_reason and usage but no `data: [DONE]` is a complete answer: passed on " +
      "whole, with no extra upstream attempt.",
    durationMs: 3500,
    load: STREAMS,
    attacks: [{ at: "1500ms", target: "primary", fault: "no-done", duration: "1500ms" }],
    grade: (e) => {
      const w = faultWindow(e);
      return answeredThen(e, (rs) => {
        const extra = startedIn(rs, w.fromMs, w.toMs).find((r) => r.attempts.length > 1);
        if (extra)
          return partial(e, "a complete answer without [DONE] was treated as cut and sent upstream again", extra);
        return pass(e, "every answer without [DONE] was passed on as complete, one attempt each");
      });
    },
  },
  {
    id: "midstream-error-event",
    group: "stream faults",
    title: "200, then an error event mid-stream",
    property:
      "A stream that starts with 200 and then sends an error event never reaches the caller as a success: it is " +
      "resumed or restarted whole, or passed on as an error.",
    durationMs: 3500,
    load: STREAMS,
    // OpenAI's form: `event: error` with an error body, after the 200 and three tokens.
    nodes: { primary: { persona: "openai" } },
    attacks: [{ at: "1500ms", target: "primary", fault: "stream-error", afterTokens: 3, duration: "1500ms" }],
    grade: brokenStream,
  },
  {
    id: "midstream-424",
    group: "stream faults",
    title: "mid-stream 424 (Bedrock ModelStreamErrorException)",
    property:
      "A Bedrock ModelStreamErrorException (424) in the middle of a stream never reaches the caller as a success: " +
      "it is resumed or restarted whole, or passed on as an error.",
    durationMs: 3500,
    load: STREAMS,
    nodes: { primary: { persona: "bedrock" } },
    attacks: [{ at: "1500ms", target: "primary", fault: "stream-error", afterTokens: 3, duration: "1500ms" }],
    grade: brokenStream,
  },
];
