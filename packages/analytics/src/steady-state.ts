import { meetsThreshold, type Threshold } from "@faultline/core";
import type Database from "better-sqlite3";
import type { PassRow } from "./run-db.js";
import type { SloCheck } from "./types.js";

/** The steady-state hypothesis as the runner stores it in meta `steady_state`. */
export type SteadyStateJson = Partial<Record<"availability" | "errorRate" | "p99" | "ttftP99", Threshold>>;

/**
 * Checks the steady-state hypothesis (Chaos Toolkit's idea) on the part of
 * each pass before its first attack: if the system was not healthy before
 * anything was injected, nothing after it can be blamed on the faults. The
 * window is small, so the percentile is read directly with ORDER BY/OFFSET.
 */
export function steadyStateChecks(db: Database.Database, passes: readonly PassRow[], hypothesis: SteadyStateJson): SloCheck[] {
  const names = Object.keys(hypothesis) as Array<keyof SteadyStateJson>;
  if (names.length === 0) return [];
  const firstAttack = db.prepare("SELECT MIN(planned_ms) AS t FROM attacks WHERE pass_id = ?");
  const counts = db.prepare("SELECT COUNT(*) AS n, COALESCE(SUM(ok), 0) AS ok FROM requests WHERE pass_id = ? AND scheduled_ms < ?");
  const nth = (expr: string, where: string) => db.prepare(`SELECT ${expr} AS v FROM requests WHERE pass_id = ? AND scheduled_ms < ? ${where} ORDER BY v LIMIT 1 OFFSET ?`);
  const latencyAt = nth("end_ms - scheduled_ms", "");
  const ttftAt = nth("first_byte_ms - scheduled_ms", "AND stream = 1 AND first_byte_ms IS NOT NULL");
  const ttftCount = db.prepare("SELECT COUNT(*) AS n FROM requests WHERE pass_id = ? AND scheduled_ms < ? AND stream = 1 AND first_byte_ms IS NOT NULL");
  const p99 = (stmt: Database.Statement, id: number, until: number, n: number) => (n === 0 ? null : (stmt.get(id, until, Math.ceil(0.99 * n) - 1) as { v: number }).v);
  const checks: SloCheck[] = [];
  for (const pass of passes) {
    const until = (firstAttack.get(pass.id) as { t: number | null }).t ?? pass.plannedMs;
    const { n, ok } = counts.get(pass.id, until) as { n: number; ok: number };
    const actuals: Record<keyof SteadyStateJson, () => number | null> = {
      availability: () => (n ? ok / n : null),
      errorRate: () => (n ? 1 - ok / n : null),
      p99: () => p99(latencyAt, pass.id, until, n),
      ttftP99: () => p99(ttftAt, pass.id, until, (ttftCount.get(pass.id, until) as { n: number }).n),
    };
    for (const name of names) {
      const actual = actuals[name]();
      const rounded = actual === null ? null : Math.round(actual * 10_000) / 10_000;
      checks.push({ strategy: pass.strategy, name: `steadyState.${name}`, threshold: hypothesis[name]!.text, actual: rounded, ok: actual !== null && meetsThreshold(actual, hypothesis[name]!) });
    }
  }
  return checks;
}
