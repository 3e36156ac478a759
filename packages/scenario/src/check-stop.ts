import { checkFigures } from "@faultline/contracts";
import { isDuration, parseDuration } from "@faultline/core";
import { SCENARIO_LIMITS } from "./limits.js";
import type { ProblemList } from "./problems.js";

/**
 * Each stop condition watches exactly one figure. JSON Schema cannot say "one of these keys, plus an optional `for`"
 * with a message a person can act on, so this names the figures a condition may watch and shows the form.
 */
export function checkStopConditions(stop: unknown, problems: ProblemList): void {
  if (!Array.isArray(stop)) return; // the schema reports a stop that is not a list
  const keys = [...checkFigures("stop").keys()];
  stop.forEach((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return; // the schema reports it
    const window = (item as { for?: unknown }).for;
    if (isDuration(window) && parseDuration(window) > SCENARIO_LIMITS.stopWindowMs) {
      const most = `${SCENARIO_LIMITS.stopWindowMs / 1000}s`;
      problems.add(
        ["stop", i, "for"],
        `${String(window)} is longer than the ${most} a stop condition may watch (the runner keeps ${most} of live ` +
          `figures); use at most ${most}`
      );
    }
    const named = keys.filter((k) => k in item);
    if (named.length === 1) return;
    // A misspelt figure is an unknown key, which the schema reports with a did-you-mean: saying it twice is noise.
    if (named.length === 0 && Object.keys(item).some((k) => k !== "for")) return;
    problems.add(
      ["stop", i],
      named.length === 0
        ? `names no figure to watch; use one of ${keys.join(", ")}, e.g. { errorRate: "> 50%", for: 5s }`
        : `watches ${named.join(" and ")}; a condition watches one figure: write one condition for each`
    );
  });
}
