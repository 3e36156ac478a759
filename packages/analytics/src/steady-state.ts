import { checkFigures, type SteadyStateKey } from "@faultline/contracts";
import { meetsThreshold, type Threshold } from "@faultline/core";
import type Database from "better-sqlite3";
import { percentilesOf } from "./metrics/histogram.js";
import { logBucketSql, type HistCell } from "./metrics/pass-scan.js";
import type { PassRow } from "./run-db.js";
import type { SloCheck } from "./types.js";

/** The steady-state hypothesis as the runner stores it in meta `steady_state`. */
export type SteadyStateJson = Partial<Record<SteadyStateKey, Threshold>>;

const STEADY_STATE_KEYS: ReadonlySet<string> = new Set(checkFigures("steadyState").keys());

/**
 * Checks the steady-state hypothesis (Chaos Toolkit's idea) on the part of
 * each pass before its first attack: if the system was not healthy before
 * anything was injected, nothing after it can be blamed on the faults.
 * Percentiles come from the same log histogram as the summary's, so a p99 is
 * computed one way everywhere (STYLE.md, 6). A key that is not a steady-state
 * figure in @faultline/contracts (the validator rejects those; an older
 * events.db may hold one) is reported as a failed check with no value.
 */
export function steadyStateChecks(
  db: Database.Database,
  passes: readonly PassRow[],
  hypothesis: SteadyStateJson
): SloCheck[] {
  const names = Object.keys(hypothesis);
  if (names.length === 0) return [];
  const firstAttack = db.prepare("SELECT MIN(planned_ms) AS t FROM attacks WHERE pass_id = ?");
  const counts = db.prepare(
    "SELECT COUNT(*) AS n, COALESCE(SUM(ok), 0) AS ok FROM requests WHERE pass_id = ? AND scheduled_ms < ?"
  );
  const histogram = (value: string, where: string) =>
    db
      .prepare(
        `SELECT 0, ${logBucketSql("x")} AS k, COUNT(*) AS n, MAX(x) AS m
                FROM (SELECT ${value} AS x FROM requests WHERE pass_id = ? AND scheduled_ms < ? ${where})
                WHERE x IS NOT NULL GROUP BY 2`
      )
      .raw(true);
  const latency = histogram("end_ms - scheduled_ms", "");
  const ttft = histogram("first_byte_ms - scheduled_ms", "AND stream = 1 AND first_byte_ms IS NOT NULL");
  const p99 = (stmt: Database.Statement, id: number, until: number) =>
    percentilesOf(stmt.all(id, until) as HistCell[])?.p99 ?? null;
  const checks: SloCheck[] = [];
  for (const pass of passes) {
    const until = (firstAttack.get(pass.id) as { t: number | null }).t ?? pass.plannedMs;
    const { n, ok } = counts.get(pass.id, until) as { n: number; ok: number };
    const actuals: Record<SteadyStateKey, () => number | null> = {
      availability: () => (n ? ok / n : null),
      errorRate: () => (n ? 1 - ok / n : null),
      p99: () => p99(latency, pass.id, until),
      ttftP99: () => p99(ttft, pass.id, until),
    };
    for (const name of names) {
      const threshold = (hypothesis as Record<string, Threshold>)[name]!;
      const actual = STEADY_STATE_KEYS.has(name) ? actuals[name as SteadyStateKey]() : null;
      const rounded = actual === null ? null : Math.round(actual * 10_000) / 10_000;
      checks.push({
        strategy: pass.strategy,
        name: `steadyState.${name}`,
        threshold: threshold.text,
        actual: rounded,
        ok: actual !== null && meetsThreshold(actual, threshold),
      });
    }
  }
  return checks;
}
