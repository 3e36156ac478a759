import { formatMs } from "@faultline/core";
import { MONKEY_FAULT_KEYS, checkFault } from "./check-fault.js";
import type { Occurrence } from "./occurrence.js";
import type { Segment } from "./problems.js";
import { createRandom } from "@faultline/core";
import { weightedIndex } from "./weighted-index.js";
import { planTarget } from "./targets.js";
import { optionalMs } from "./durations.js";
import type { TimelineContext } from "./timeline.js";
import { SCENARIO_LIMITS } from "./limits.js";

type Item = Record<string, unknown>;

// A safety cap: a tiny mean interval over a long run must not hang validation.
const MAX_DRAWS = SCENARIO_LIMITS.monkeyDraws;

/**
 * Draws a monkey block's attacks from the scenario seed: exponential gaps
 * with mean `every`, a weighted fault, a uniformly chosen target. The stream
 * is keyed by the monkey's id, so one seed always gives one timeline.
 */
export function planMonkey(
  monkey: Item,
  entry: { path: Segment[]; id: string },
  baseMs: number,
  ctx: TimelineContext
): Occurrence[] | null {
  const path = [...entry.path, "monkey"];
  const faults = Array.isArray(monkey.faults) ? (monkey.faults as Item[]) : [];
  const checked = faults.map((f, i) => checkFault(f, [...path, "faults", i], MONKEY_FAULT_KEYS, ctx.problems));
  const targetsRaw =
    monkey.targets === undefined
      ? ctx.nodes.map((n) => n.name)
      : Array.isArray(monkey.targets)
        ? monkey.targets
        : [monkey.targets];
  const pool = new Set<string>();
  targetsRaw.forEach((t, i) => {
    const plan = planTarget(t, ctx.nodes);
    if (typeof plan === "string")
      ctx.problems.add(Array.isArray(monkey.targets) ? [...path, "targets", i] : [...path, "targets"], plan);
    else for (const name of plan.kind === "fixed" ? plan.names : plan.pool) pool.add(name);
  });
  const everyMs = optionalMs(monkey.every);
  // No faults is the schema's to report; drawing from none crashed with a TypeError (found by fuzz.test.ts).
  if (faults.length === 0 || checked.some((p) => p === null) || pool.size === 0 || everyMs === undefined) return null;
  if (everyMs <= 0) {
    ctx.problems.add([...path, "every"], "must be longer than 0ms");
    return null;
  }
  const fromMs = baseMs + (optionalMs(monkey.from) ?? 0);
  const untilMs = optionalMs(monkey.until) ?? ctx.runMs ?? fromMs;
  const names = [...pool];
  const weights = faults.map((f) => (typeof f.weight === "number" ? f.weight : 1));
  const stream = createRandom(ctx.seed, `monkey:${entry.id}`);
  const out: Occurrence[] = [];
  let t = fromMs;
  for (let draw = 0; ; draw++) {
    if (draw === MAX_DRAWS) {
      ctx.problems.add(
        [...path, "every"],
        `draws more than ${MAX_DRAWS} attacks between ${formatMs(fromMs)} and ${formatMs(untilMs)}; ` +
          `raise every: or shorten the window`
      );
      return null;
    }
    t += stream.exponential(everyMs);
    const pick = weightedIndex(stream, weights);
    const target = names[Math.floor(stream.next() * names.length)]!;
    const durationMs = optionalMs(faults[pick]!.duration) ?? 0;
    const atMs = Math.round(t);
    if (atMs + durationMs > untilMs) break;
    out.push({
      id: `${entry.id}#${out.length + 1}`,
      source: entry.id,
      atMs,
      durationMs,
      target: { kind: "fixed", names: [target] },
      fault: faults[pick]!.fault as string,
      params: checked[pick]!,
      ramp: null,
      path,
    });
  }
  return out;
}
