import { formatMs } from "@faultline/core";
import type { Occurrence } from "./occurrence.js";
import type { ProblemList } from "./problems.js";
import { createRandom } from "@faultline/core";
import type { AttackSpec } from "./types.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Splits a ramp into steps of `stepMs`, moving the parameter linearly from `from` (first step) to `to` (last). */
function rampSteps(o: Occurrence): Array<Mutable<AttackSpec>> {
  const base = {
    id: o.id,
    source: o.source,
    atMs: o.atMs,
    durationMs: o.durationMs,
    target: "",
    fault: o.fault,
    params: o.params,
  };
  if (!o.ramp || o.durationMs === null) return [base];
  const { param, from, to, stepMs, integer } = o.ramp;
  const endMs = o.atMs + o.durationMs;
  const steps = Math.max(1, Math.ceil(o.durationMs / stepMs));
  return Array.from({ length: steps }, (_, k) => {
    const raw = steps === 1 ? to : from + ((to - from) * k) / (steps - 1);
    const value = integer ? Math.round(raw) : Math.round(raw * 1000) / 1000;
    const atMs = o.atMs + k * stepMs;
    return {
      ...base,
      id: `${o.id}.step${k + 1}`,
      atMs,
      durationMs: Math.min(stepMs, endMs - atMs),
      params: { ...o.params, [param]: value },
      ramp: { param, step: k + 1, steps },
    };
  });
}

/**
 * Turns planned occurrences into AttackSpecs: ramps stepped, random() targets drawn from the seed, one spec per node.
 */
export function expandOccurrences(occurrences: readonly Occurrence[], seed: number): AttackSpec[] {
  const draws = createRandom(seed, "targets");
  const out: AttackSpec[] = [];
  for (const o of occurrences) {
    let names: string[];
    if (o.target.kind === "fixed") names = o.target.names;
    else {
      // Partial Fisher–Yates: `count` distinct nodes, in draw order.
      const pool = [...o.target.pool];
      for (let i = 0; i < o.target.count; i++) {
        const j = i + Math.floor(draws.next() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      names = pool.slice(0, o.target.count);
    }
    for (const step of rampSteps(o)) {
      for (const name of names)
        out.push({ ...step, id: names.length > 1 ? `${step.id}@${name}` : step.id, target: name });
    }
  }
  return out;
}

/** Reports attacks that end after the run, once per authored attack. */
export function checkEndsInRun(occurrences: readonly Occurrence[], runMs: number, problems: ProblemList): void {
  const reported = new Set<string>();
  for (const o of occurrences) {
    const end = o.atMs + (o.durationMs ?? 0);
    const key = o.path.join("/");
    if (reported.has(key)) continue;
    if (o.atMs >= runMs || end > runMs) {
      reported.add(key);
      const what = o.durationMs === null ? `starts at ${formatMs(o.atMs)}` : `ends at ${formatMs(end)}`;
      problems.add(
        o.path,
        `${o.id} ${what}, after the run ends at ${formatMs(runMs)} (start it earlier, shorten it, ` +
          `or lengthen duration:)`
      );
    }
  }
}

/**
 * Multiplies every time of the timeline by `scale` (fault magnitudes such as
 * latency ms stay as written). Rounding to whole ms never lets an attack that
 * fitted the run end after the scaled run (`runMs`, already scaled and rounded).
 */
export function scaleAttacks(attacks: readonly AttackSpec[], scale: number, runMs: number): AttackSpec[] {
  if (scale === 1) return [...attacks];
  return attacks.map((a) => {
    const atMs = Math.min(Math.round(a.atMs * scale), runMs);
    const durationMs =
      a.durationMs === null ? null : Math.max(1, Math.min(Math.round(a.durationMs * scale), runMs - atMs));
    return { ...a, atMs, durationMs };
  });
}
