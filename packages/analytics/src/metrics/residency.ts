import type Database from "better-sqlite3";
import { hasColumn } from "./has-column.js";
import type { PassRow } from "../run-db.js";
import { frac } from "../round.js";
import type { ResidencyClass, ResidencyPass } from "../types.js";

/** The residency key of requests that may go anywhere. */
export const ANY_RESIDENCY = "any";

interface CountRow {
  residency: string;
  requests: number;
  ok: number;
  refused: number;
  attackRequests: number;
  attackOk: number;
}

// Requests are grouped by residency; "during attacks" is a request sent while any fault of the pass was active
// (injected and not yet reverted), which is where the price of failing closed is paid. The windows are merged in JS
// and each is counted through the (pass_id, start_ms) index: testing every request against every window in SQL
// (an EXISTS per row) took 14 of a 1M-request report's 24 s.
const COUNTS_SQL = `
  SELECT COALESCE(residency, '${ANY_RESIDENCY}') AS residency, COUNT(*) AS requests, SUM(ok) AS ok,
         SUM(error_class IS 'residency') AS refused
  FROM requests WHERE pass_id = @pass GROUP BY 1 ORDER BY 1`;
const ANY_RESIDENCY_SQL = "SELECT 1 FROM requests WHERE pass_id = ? AND residency IS NOT NULL LIMIT 1";
const WINDOWS_SQL = `
  SELECT start_ms AS s, COALESCE(reverted_ms, end_ms, 1e18) AS e FROM attacks
  WHERE pass_id = @pass AND start_ms IS NOT NULL ORDER BY s`;
const IN_WINDOW_SQL = `
  SELECT COALESCE(residency, '${ANY_RESIDENCY}') AS residency, COUNT(*) AS requests, SUM(ok) AS ok
  FROM requests WHERE pass_id = @pass AND start_ms >= @s AND start_ms < @e GROUP BY 1`;

// An attempt violates residency when the node that received it lacks the request's tag. Counted from the nodes' own
// attempt records (node_attempts), so it holds for a black-box gateway as well as for faultline's client.
const VIOLATIONS_SQL = `
  SELECT r.residency AS residency, COUNT(*) AS attempts, COUNT(DISTINCT r.request_id) AS requests,
         GROUP_CONCAT(DISTINCT a.node) AS nodes
  FROM node_attempts a
  JOIN requests r ON r.pass_id = a.pass_id AND r.request_id = a.request_id
  JOIN nodes n ON n.pass_id = a.pass_id AND n.name = a.node
  WHERE a.pass_id = @pass AND r.residency IS NOT NULL
    AND (',' || COALESCE(n.jurisdiction, '') || ',') NOT LIKE ('%,' || r.residency || ',%')
  GROUP BY r.residency`;

/** The union of the pass's attack windows, as disjoint [s, e) intervals in start order. */
function mergedWindows(db: Database.Database, pass: number): Array<{ s: number; e: number }> {
  const merged: Array<{ s: number; e: number }> = [];
  for (const w of db.prepare(WINDOWS_SQL).all({ pass }) as Array<{ s: number; e: number }>) {
    const last = merged[merged.length - 1];
    if (last && w.s <= last.e) last.e = Math.max(last.e, w.e);
    else if (w.e > w.s) merged.push({ ...w });
  }
  return merged;
}

/** Requests per residency, and those sent while an attack was active. */
function countsOf(db: Database.Database, pass: number): CountRow[] {
  const rows = (db.prepare(COUNTS_SQL).all({ pass }) as CountRow[]).map((c) => ({
    ...c,
    attackRequests: 0,
    attackOk: 0,
  }));
  const byResidency = new Map(rows.map((c) => [c.residency, c]));
  const inWindow = db.prepare(IN_WINDOW_SQL);
  for (const w of mergedWindows(db, pass))
    for (const c of inWindow.all({ pass, s: w.s, e: w.e }) as Array<{
      residency: string;
      requests: number;
      ok: number;
    }>) {
      const row = byResidency.get(c.residency);
      if (row) {
        row.attackRequests += c.requests;
        row.attackOk += c.ok;
      }
    }
  return rows;
}

/**
 * Availability and violations per residency class of one pass, or null when none of its requests had a residency
 * (or the file predates schema 3). `refusedForResidency` counts the requests that failed closed: the violations that
 * failing open would have risked, set against the availability lost during the attacks.
 */
export function residencyOf(db: Database.Database, pass: PassRow): ResidencyPass | null {
  if (!hasColumn(db, "requests", "residency") || !hasColumn(db, "nodes", "jurisdiction")) return null;
  // Most runs have no residency class: one row found (or not) costs less than grouping the pass.
  if (db.prepare(ANY_RESIDENCY_SQL).get(pass.id) === undefined) return null;
  const counts = countsOf(db, pass.id);
  const hasAttempts = db.prepare("SELECT 1 FROM node_attempts WHERE pass_id = ? LIMIT 1").get(pass.id) !== undefined;
  const violations = new Map(
    (hasAttempts ? db.prepare(VIOLATIONS_SQL).all({ pass: pass.id }) : []).map((v) => {
      const row = v as { residency: string; attempts: number; requests: number; nodes: string | null };
      return [row.residency, row];
    })
  );
  const failOpen = db
    .prepare("SELECT COUNT(*) AS n FROM routing_events WHERE pass_id = ? AND kind = 'residency_fail_open'")
    .get(pass.id) as { n: number };
  const classes: ResidencyClass[] = counts.map((c) => {
    const v = violations.get(c.residency);
    return {
      residency: c.residency,
      requests: c.requests,
      ok: c.ok,
      availability: c.requests ? frac(c.ok / c.requests) : null,
      duringAttacks: {
        requests: c.attackRequests,
        ok: c.attackOk,
        availability: c.attackRequests ? frac(c.attackOk / c.attackRequests) : null,
      },
      refusedForResidency: c.refused,
      violations:
        c.residency === ANY_RESIDENCY
          ? null
          : {
              attempts: hasAttempts ? (v?.attempts ?? 0) : null,
              requests: hasAttempts ? (v?.requests ?? 0) : null,
              nodes: v?.nodes ? v.nodes.split(",").sort() : [],
            },
    };
  });
  return {
    classes,
    violationAttempts: hasAttempts ? classes.reduce((s, c) => s + (c.violations?.attempts ?? 0), 0) : null,
    failOpenAttempts: failOpen.n,
  };
}
