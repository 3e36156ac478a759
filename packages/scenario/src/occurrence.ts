import type { TargetPlan } from "./targets.js";
import type { Segment } from "./problems.js";

/** One planned fault before targets and ramps are expanded; times are unscaled milliseconds. */
export interface Occurrence {
  readonly id: string;
  /** The authored id this came from (repeats and steps share it). */
  readonly source: string;
  readonly atMs: number;
  readonly durationMs: number | null;
  readonly target: TargetPlan;
  readonly fault: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly ramp: {
    readonly param: string;
    readonly from: number;
    readonly to: number;
    readonly stepMs: number;
    readonly integer: boolean;
  } | null;
  /** Where it was written, for "ends after the run" messages. */
  readonly path: readonly Segment[];
}

/** Shifts occurrences by `offsetMs`, suffixing ids with the repetition number when there are several. */
export function repeatOccurrences(base: readonly Occurrence[], times: number, everyMs: number): Occurrence[] {
  if (times === 1) return [...base];
  const out: Occurrence[] = [];
  for (let k = 0; k < times; k++) {
    for (const o of base) out.push({ ...o, id: `${o.id}#${k + 1}`, atMs: o.atMs + k * everyMs });
  }
  return out;
}

/** When the last of `occurrences` ends; null when one of them has no duration. */
export function endOf(occurrences: readonly Occurrence[]): number | null {
  let end = 0;
  for (const o of occurrences) {
    if (o.durationMs === null) return null;
    end = Math.max(end, o.atMs + o.durationMs);
  }
  return end;
}
