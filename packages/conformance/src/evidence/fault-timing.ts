import { CONFORMANCE_DEFAULTS } from "../defaults.js";
import type { CaseEvidence } from "./case-evidence.js";

/**
 * Why the case's faults did not happen as planned, or null when they did. A
 * fault is reverted at its planned end whenever it started, so one injected
 * late is active for less time: the case is unmeasured when a fault was not
 * injected, or was active for less than CONFORMANCE_DEFAULTS.minFaultShare of
 * its planned window (the grades read each window as it happened).
 */
export function faultTimingProblem(e: CaseEvidence): string | null {
  for (const a of e.attacks) {
    const name = `${a.fault} on ${a.target} (${a.attackId})`;
    if (a.startMs === null) return `${name} was not injected`;
    if (a.endMs === null) continue;
    const planned = a.endMs - a.plannedMs;
    const active = (a.revertedMs ?? a.endMs) - a.startMs;
    if (active < planned * CONFORMANCE_DEFAULTS.minFaultShare)
      return (
        `${name} was injected ${(a.startMs - a.plannedMs).toFixed(0)} ms late ` +
        `and was active ${Math.max(0, active).toFixed(0)} ms ` +
        `of its planned ${planned.toFixed(0)} ms`
      );
  }
  return null;
}
