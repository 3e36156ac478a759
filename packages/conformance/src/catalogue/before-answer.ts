import type { ConformanceCase } from "../case.js";
import { attemptsPerRequest, failedInARow, faultWindow, startedIn } from "../evidence/figures.js";
import { answeredThen, partial, pass } from "./grading.js";

/** Errors and silence before the answer: 5xx, resets, no answer at all, a slow first token. */
export const BEFORE_ANSWER_CASES: readonly ConformanceCase[] = [
  {
    id: "error-500-once",
    group: "errors and silence before the answer",
    title: "500 once, then healthy",
    property:
      "A transient 500 costs one retry on the same endpoint: every request is answered, and the attempt after a " +
      "500 goes to the node that sent it, unless that node had just failed three times in a row.",
    durationMs: 3500,
    // 30% of attempts get a 500, so most retries on the same node succeed, as they do after a blip. Three 500s in
    // a row happen in about one run in four at that rate; a stack that then takes the node out for a moment
    // (Envoy's consecutive_5xx, faultline's breaker) is doing its job, so a move then is not held against it.
    attacks: [{ at: "1500ms", target: "primary", fault: "errors", status: 500, rate: 0.3, duration: "1500ms" }],
    grade: (e) =>
      answeredThen(e, (rs) => {
        // Each request whose attempt right after its first 500 went to another node, and whether that node had
        // just failed three times in a row then.
        const moves = rs.flatMap((r) => {
          const i = r.attempts.findIndex((a) => a.status === 500);
          const [failed, next] = [r.attempts[i], r.attempts[i + 1]];
          if (i < 0 || next === undefined || next.node === failed!.node) return [];
          return [{ r, excused: failedInARow(e, failed!.node, next.arrivedMs, 3) }];
        });
        const moved = moves.find((m) => !m.excused);
        if (moved)
          return partial(e, "after a 500 the request went to another endpoint, not once more to the same one", moved.r);
        const afterThreeInARow = moves.length;
        if (afterThreeInARow > 0)
          return pass(
            e,
            `every 500 was retried on the same endpoint, but ${afterThreeInARow} that came once it had failed three ` +
              "times in a row and went elsewhere"
          );
        return pass(e, "every 500 was retried on the same endpoint");
      }),
  },
  {
    id: "error-503-persistent",
    group: "errors and silence before the answer",
    title: "persistent 503",
    property:
      "A primary that answers 503 for good moves traffic to the backup: every request is answered, and over the " +
      "outage the primary stops being tried (at most 1.5 upstream attempts per request on average, 3 at most).",
    durationMs: 4500,
    attacks: [{ at: "1500ms", target: "primary", fault: "disable", duration: "2500ms" }],
    grade: (e) => {
      const w = faultWindow(e);
      const during = startedIn(e.requests, w.fromMs, w.toMs);
      return answeredThen(
        e,
        (rs) => {
          const a = attemptsPerRequest(rs);
          if (a.mean > 1.5 || a.max > 3)
            return partial(
              e,
              `the primary kept being tried over the outage (${a.mean.toFixed(2)} attempts/request)`,
              undefined,
              rs
            );
          return pass(e, "served by the backup", rs);
        },
        during
      );
    },
  },
  {
    id: "reset-before-headers",
    group: "errors and silence before the answer",
    title: "connection reset before the headers",
    property:
      "A connection reset before any response header is safe to retry elsewhere: every request is answered, with " +
      "at most 3 upstream attempts.",
    durationMs: 3500,
    attacks: [{ at: "1500ms", target: "primary", fault: "reset", duration: "1500ms" }],
    grade: (e) =>
      answeredThen(e, (rs) => {
        const worst = rs.find((r) => r.attempts.length > 3);
        if (worst) return partial(e, "some requests took more than 3 upstream attempts", worst);
        return pass(e, "every reset request was answered");
      }),
  },
  {
    id: "no-response",
    group: "errors and silence before the answer",
    title: "no response at all",
    property:
      "An endpoint that accepts the request and never answers is given up on before the caller's deadline, and the " +
      "request is answered by the backup.",
    durationMs: 3500,
    attacks: [{ at: "1500ms", target: "primary", fault: "hang", duration: "1500ms" }],
    grade: (e) => answeredThen(e, () => pass(e, "every silent attempt was abandoned in time and answered elsewhere")),
  },
  {
    id: "slow-first-token",
    group: "errors and silence before the answer",
    title: "slow first token (1.2 s)",
    property:
      "A slow but valid first token (1.2 s, below a 2 s first-byte timeout) still gives the caller a correct " +
      "answer, with at most 2 upstream attempts (a hedge is fine).",
    durationMs: 3500,
    attacks: [{ at: "1500ms", target: "primary", fault: "latency", ms: 1200, duration: "1500ms" }],
    grade: (e) =>
      answeredThen(e, (rs) => {
        const worst = rs.find((r) => r.attempts.length > 2);
        if (worst) return partial(e, "a slow answer set off more than 2 upstream attempts", worst);
        return pass(e, "every slow answer reached the caller");
      }),
  },
];
