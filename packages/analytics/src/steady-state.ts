import { checkFigures, type SteadyStateKey } from "@faultline/contracts";
import { meetsThreshold, type Threshold } from "@faultline/core";
import type Database from "better-sqlite3";
import { ANALYTICS_DEFAULTS } from "./defaults.js";
import { percentilesOf } from "./metrics/histogram.js";
import { logBucketSql, type HistCell } from "./metrics/pass-scan.js";
import type { PassRow } from "./run-db.js";
import type { SloCheck } from "./types.js";

/** The steady-state hypothesis as the runner stores it in meta `steady_state`. */
export type SteadyStateJson = Partial<Record<SteadyStateKey, Threshold>>;

const STEADY_STATE_KEYS: ReadonlySet<string> = new Set(checkFigures("steadyState").keys());

/** The name prefix of the checks on the window after recovery; they have a verdict of their own. */
export const AFTER_RECOVERY = "steadyStateAfterRecovery";

/**
 * Checks the steady-state hypothesis (Chaos Toolkit's idea) twice on each pass. Before the first attack
 * (`steadyState.<figure>`): if the system was not healthy before anything was injected, nothing after it can be
 * blamed on the faults. After recovery (`steadyStateAfterRecovery.<figure>`, as Chaos Toolkit and AWS FIS check it
 * again at the end): on the requests asked from ANALYTICS_DEFAULTS.incidentGraceMs after the last injected fault
 * ended (the same grace the incidents count failures over) to the pass's end; a system that never came back is
 * caught here, not by the figures of the outage. A pass that ends within the grace has no such window: the check
 * is "not applicable" and says so. Percentiles come from the same log histogram as the summary's, so a p99 is
 * computed one way everywhere (STYLE.md, 6). A key that is not a steady-state figure in @faultline/contracts (the
 * validator rejects those; an older events.db may hold one) is reported as a failed check with no value.
 */
export function steadyStateChecks(
  db: Database.Database,
  passes: readonly PassRow[],
  hypothesis: SteadyStateJson
): SloCheck[] {
  const names = Object.keys(hypothesis);
  if (names.length === 0) return [];
  const firstAttack = db.prepare("SELECT MIN(planned_ms) AS t FROM attacks WHERE pass_id = ?");
  const lastFaultEnd = db.prepare(
    "SELECT MAX(COALESCE(reverted_ms, end_ms)) AS t FROM attacks WHERE pass_id = ? AND start_ms IS NOT NULL"
  );
  const measure = windowMeasures(db);
  const checks: SloCheck[] = [];
  for (const pass of passes) {
    const until = (firstAttack.get(pass.id) as { t: number | null }).t ?? pass.plannedMs;
    checks.push(...judge(names, hypothesis, pass.strategy, "steadyState", measure(pass.id, 0, until)));
    const ended = (lastFaultEnd.get(pass.id) as { t: number | null }).t;
    if (ended === null) continue; // no fault was injected: nothing to recover from
    const from = ended + ANALYTICS_DEFAULTS.incidentGraceMs;
    const after = judge(names, hypothesis, pass.strategy, AFTER_RECOVERY, measure(pass.id, from, pass.endMs));
    const empty = from >= pass.endMs;
    for (const c of after)
      checks.push(
        empty && c.actual === null
          ? {
              ...c,
              ok: true,
              notApplicable:
                `the pass ended less than ${ANALYTICS_DEFAULTS.incidentGraceMs / 1000} s (the recovery grace) after ` +
                `its last fault ended at ${(ended / 1000).toFixed(1)} s: no recovered window to check; leave more ` +
                `time after the last attack`,
            }
          : c
      );
  }
  return checks;
}

type Measures = Record<SteadyStateKey, () => number | null>;

/** The steady-state figures of a pass over [from, until) of scheduled time, each computed on demand. */
function windowMeasures(db: Database.Database): (passId: number, from: number, until: number) => Measures {
  const counts = db.prepare(
    "SELECT COUNT(*) AS n, COALESCE(SUM(ok), 0) AS ok FROM requests " +
      "WHERE pass_id = ? AND scheduled_ms >= ? AND scheduled_ms < ?"
  );
  const histogram = (value: string, where: string) =>
    db
      .prepare(
        `SELECT 0, ${logBucketSql("x")} AS k, COUNT(*) AS n, MAX(x) AS m
                FROM (SELECT ${value} AS x FROM requests
                      WHERE pass_id = ? AND scheduled_ms >= ? AND scheduled_ms < ? ${where})
                WHERE x IS NOT NULL GROUP BY 2`
      )
      .raw(true);
  const latency = histogram("end_ms - scheduled_ms", "");
  const ttft = histogram("first_byte_ms - scheduled_ms", "AND stream = 1 AND first_byte_ms IS NOT NULL");
  return (passId, from, until) => {
    const p99 = (stmt: Database.Statement) => percentilesOf(stmt.all(passId, from, until) as HistCell[])?.p99 ?? null;
    const { n, ok } = counts.get(passId, from, until) as { n: number; ok: number };
    return {
      availability: () => (n ? ok / n : null),
      errorRate: () => (n ? 1 - ok / n : null),
      p99: () => p99(latency),
      ttftP99: () => p99(ttft),
    };
  };
}

function judge(
  names: string[],
  hypothesis: SteadyStateJson,
  strategy: string,
  prefix: string,
  actuals: Measures
): SloCheck[] {
  return names.map((name) => {
    const threshold = (hypothesis as Record<string, Threshold>)[name]!;
    const actual = STEADY_STATE_KEYS.has(name) ? actuals[name as SteadyStateKey]() : null;
    const rounded = actual === null ? null : Math.round(actual * 10_000) / 10_000;
    return {
      strategy,
      name: `${prefix}.${name}`,
      threshold: threshold.text,
      actual: rounded,
      ok: actual !== null && meetsThreshold(actual, threshold),
    };
  });
}
