import { parseRate } from "@faultline/core";
import type { ProblemList } from "./problems.js";

const rateOf = (value: unknown): number | null => {
  try {
    return parseRate(value);
  } catch {
    return null; // not a rate at all: the schema already reported it
  }
};

/**
 * Rejects a load that sends nothing: `rate: 0/s` matches the rate pattern but
 * plays a pass with no request, so every figure is empty and every SLO check
 * vacuous. A ramp may start or end at 0, not both.
 */
export function checkLoadRate(load: unknown, problems: ProblemList): void {
  const rate = (load as { rate?: unknown } | undefined)?.rate;
  if (rate === undefined || rate === null) return;
  if (typeof rate === "object") {
    const { from, to } = rate as { from?: unknown; to?: unknown };
    if (isZeroRate(from) && isZeroRate(to))
      problems.add(
        ["load", "rate"],
        "a ramp from 0/s to 0/s sends no requests; give it a rate above 0 at one end (e.g. to: 100/s)"
      );
    return;
  }
  if (isZeroRate(rate))
    problems.add(["load", "rate"], `${JSON.stringify(rate)} sends no requests; use a rate above 0 (e.g. 100/s)`);
}

/** True for a rate written as zero ("0/s", "0.0/m"); a number 0 is refused by the schema already. */
function isZeroRate(value: unknown): boolean {
  return typeof value === "string" && rateOf(value) === 0;
}
