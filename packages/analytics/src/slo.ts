import { checkFigures, type SloKey } from "@faultline/contracts";
import { meetsThreshold, type Threshold } from "@faultline/core";
import { READ_FIGURE } from "./figure-readers.js";
import { AFTER_RECOVERY } from "./steady-state.js";
import type { PassSummary, SloCheck, Summary } from "./types.js";

/** The SLO as the runner stores it in meta `slo`: one threshold per figure, each optional. */
export type SloSpecJson = Partial<Record<SloKey, Threshold>>;

/**
 * The summary figure behind each SLO key (@faultline/contracts): MTTR is the
 * mean over the incidents that had failures; failover time is the worst
 * incident, so one slow failover fails the SLO.
 */
const SLO_FIGURES = checkFigures("slo");

/** Incident figures are vacuously met when nothing failed; the others need data. */
const MET_WHEN_ABSENT: ReadonlySet<string> = new Set<SloKey>(["mttr", "failoverTime"]);

/** Checks every pass against the SLO; the verdict is decided by the gate strategy only. */
export function judgeSlo(
  slo: SloSpecJson,
  passes: PassSummary[],
  gateStrategy: string,
  complete: boolean,
  steadyState: SloCheck[] = []
): Summary["slo"] {
  const checks: SloCheck[] = [...steadyState];
  for (const p of passes) {
    for (const [name, figure] of SLO_FIGURES) {
      const t = (slo as Record<string, Threshold | undefined>)[name];
      if (!t) continue;
      const actual = READ_FIGURE[figure](p);
      const ok = actual === null ? MET_WHEN_ABSENT.has(name) && p.totals.unrecovered === 0 : meetsThreshold(actual, t);
      const why = actual === null && MET_WHEN_ABSENT.has(name) ? notApplicableWhy(name, p) : null;
      checks.push({
        strategy: p.strategy,
        name,
        threshold: t.text,
        actual,
        ok,
        ...(why ? { notApplicable: why } : {}),
      });
    }
  }
  const gated = checks.filter((c) => c.strategy === gateStrategy && !c.name.startsWith(`${AFTER_RECOVERY}.`));
  const verdict = !complete ? "incomplete" : gated.every((c) => c.ok) ? "pass" : "fail";
  const after = checks.filter((c) => c.strategy === gateStrategy && c.name.startsWith(`${AFTER_RECOVERY}.`));
  const afterRecovery =
    after.length === 0
      ? "not checked"
      : after.every((c) => c.notApplicable)
        ? "not applicable"
        : after.every((c) => c.ok)
          ? "held"
          : "broken";
  return { gateStrategy, verdict, afterRecovery, checks };
}

/**
 * Why an incident SLO had nothing to judge on a pass. A `none` pass that lost a third of its requests "met" a
 * failover-time SLO because it never failed over: the report says so instead of showing a pass.
 */
function notApplicableWhy(name: string, p: PassSummary): string {
  const what =
    name === "failoverTime" ? "no request failed over in this pass" : "no incident in this pass had failures";
  const lost = p.totals.requestsLost;
  return lost > 0 ? `${what}, yet it lost ${lost} request(s): judge it by availability` : what;
}
