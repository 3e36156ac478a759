import type { ConformanceCase } from "../case.js";
import type { CaseEvidence } from "../evidence/case-evidence.js";
import { attemptsPerRequest, callerOutcome, faultWindow, servedBy, startedIn } from "../evidence/figures.js";
import { answeredThen, partial, pass } from "./grading.js";

/** Issue 15's failback target: the primary carries >= 90% of traffic within 3 s of a recovery that holds. */
const FAILBACK_TARGET_MS = 3000;
const FAILBACK_SHARE = 0.9;
const BUCKET_MS = 250;
/** Upstream attempts a request may cost when every endpoint is down: one per endpoint plus one retry. */
const OUTAGE_ATTEMPT_BOUND = 3;

/** The first time after `fromMs` from which every 250 ms bucket of answers is >= 90% served by `node`; null if none. */
export function failbackAt(e: CaseEvidence, node: string, fromMs: number): number | null {
  const buckets = new Map<number, { on: number; all: number }>();
  for (const r of e.requests) {
    const by = servedBy(r);
    if (r.startMs < fromMs || by === null) continue;
    const k = Math.floor((r.startMs - fromMs) / BUCKET_MS);
    const b = buckets.get(k) ?? { on: 0, all: 0 };
    b.all++;
    if (by === node) b.on++;
    buckets.set(k, b);
  }
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  let at: number | null = null;
  for (const k of keys) {
    const b = buckets.get(k)!;
    if (b.on / b.all >= FAILBACK_SHARE) at ??= k * BUCKET_MS;
    else at = null;
  }
  return at;
}

/** Fleet behaviour: flapping, failback, amplification under a full outage, a herd on the backup. */
export const FLEET_CASES: readonly ConformanceCase[] = [
  {
    id: "flapping-primary",
    group: "fleet behaviour",
    title: "flapping primary",
    property:
      "A primary that goes down for 400 ms every second does not flap the traffic: while it flaps, traffic moves " +
      "back to it at most once.",
    durationMs: 6000,
    attacks: [{ at: "1500ms", every: "1s", times: 4, target: "primary", fault: "disable", duration: "400ms" }],
    grade: (e) => {
      const from = e.attacks[0]?.startMs ?? 0;
      const to = faultWindow(e, e.attacks.length - 1).toMs;
      const during = startedIn(e.requests, from, to);
      return answeredThen(
        e,
        (rs) => {
          let returns = 0;
          let last: string | null = null;
          for (const r of rs) {
            const by = servedBy(r);
            if (by === "primary" && last === "backup") returns++;
            if (by) last = by;
          }
          if (returns > 1)
            return partial(e, `traffic moved back to the flapping primary ${returns} times`, undefined, rs);
          return pass(e, `traffic moved back to the flapping primary ${returns} time(s)`, rs);
        },
        during
      );
    },
  },
  {
    id: "failback-after-recovery",
    group: "fleet behaviour",
    title: "failback after recovery",
    property:
      "Once the primary recovers for good, it carries at least 90% of the answers within 3 s (measured in 250 ms " +
      "buckets to the end of the pass).",
    durationMs: 8000,
    attacks: [{ at: "1500ms", target: "primary", fault: "disable", duration: "1500ms" }],
    grade: (e) => {
      const recovered = faultWindow(e).toMs;
      const after = startedIn(e.requests, recovered, e.passEndMs);
      return answeredThen(
        e,
        (rs) => {
          const at = failbackAt(e, "primary", recovered);
          if (at === null)
            return partial(
              e,
              `the primary did not carry ${FAILBACK_SHARE * 100}% of the answers again ` +
                `within ${((e.passEndMs - recovered) / 1000).toFixed(1)} s of recovering`,
              undefined,
              rs
            );
          if (at > FAILBACK_TARGET_MS)
            return partial(
              e,
              `the primary carried ${FAILBACK_SHARE * 100}% again ${(at / 1000).toFixed(2)} s after recovering ` +
                `(target ${FAILBACK_TARGET_MS / 1000} s)`,
              undefined,
              rs
            );
          return pass(
            e,
            `the primary carried ${FAILBACK_SHARE * 100}% again ${(at / 1000).toFixed(2)} s after recovering`,
            rs
          );
        },
        after
      );
    },
  },
  {
    id: "retry-amplification-outage",
    group: "fleet behaviour",
    title: "retry amplification under a full outage",
    property:
      `With every endpoint down, each request costs at most ${OUTAGE_ATTEMPT_BOUND} upstream attempts ` +
      "and the caller gets a clean error.",
    durationMs: 4000,
    attacks: [
      {
        parallel: [
          { target: "primary", fault: "disable", duration: "2s" },
          { target: "backup", fault: "disable", duration: "2s" },
        ],
        at: "1500ms",
      },
    ],
    grade: (e) => {
      const w = faultWindow(e);
      const during = startedIn(e.requests, w.fromMs, w.toMs);
      const a = attemptsPerRequest(during);
      const worst = during.find((r) => r.attempts.length > OUTAGE_ATTEMPT_BOUND);
      if (worst)
        return partial(
          e,
          `up to ${a.max} upstream attempts per request (bound ${OUTAGE_ATTEMPT_BOUND})`,
          worst,
          during
        );
      return pass(e, `at most ${a.max} upstream attempts per request (bound ${OUTAGE_ATTEMPT_BOUND})`, during);
    },
  },
  {
    id: "thundering-herd-backup",
    group: "fleet behaviour",
    title: "backup overloaded after failover",
    property:
      "When the primary's traffic lands on a backup with a sixth of the capacity, the stack sheds what the backup " +
      "cannot serve with fast, clean errors (within half the deadline) instead of letting requests queue past " +
      "their deadline.",
    durationMs: 5000,
    // The backup serves 2 requests at a time (~12 a second at 32 tokens); 40 a second arrive once the primary
    // is down. It has no duration, so it stays down through the runner's drain after the last arrival too: with
    // a duration to the end of the pass, the primary came back while the queued requests drained and served them.
    nodes: { backup: { profile: "zero", overrides: { ttftMs: 10, itlMs: 5, maxBatch: 2 } } },
    load: { rate: 40, maxTokens: 32 },
    attacks: [{ at: "1500ms", target: "primary", fault: "disable" }],
    grade: (e) => {
      const slow = e.requests.find(
        (r) => callerOutcome(r, e.deadlineMs) === "clean-error" && r.endMs - r.startMs > e.deadlineMs / 2
      );
      if (slow) return partial(e, "load was shed, but slowly (errors after more than half the deadline)", slow);
      return pass(e, "the backup's overflow was shed fast or served in time");
    },
  },
];
