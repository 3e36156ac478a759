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
// (injected and not yet reverted), which is where the price of failing closed is paid.
const COUNTS_SQL = `
  WITH windows AS (
    SELECT start_ms AS s, COALESCE(reverted_ms, end_ms, 1e18) AS e FROM attacks
    WHERE pass_id = @pass AND start_ms IS NOT NULL
  )
  SELECT COALESCE(r.residency, '${ANY_RESIDENCY}') AS residency, COUNT(*) AS requests, SUM(r.ok) AS ok,
         SUM(r.error_class IS 'residency') AS refused,
         SUM(under) AS attackRequests, SUM(under AND r.ok) AS attackOk
  FROM (SELECT *, EXISTS (SELECT 1 FROM windows w WHERE start_ms >= w.s AND start_ms < w.e) AS under
        FROM requests WHERE pass_id = @pass) r
  GROUP BY 1 ORDER BY 1`;

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

/**
 * Availability and violations per residency class of one pass, or null when none of its requests had a residency
 * (or the file predates schema 3). `refusedForResidency` counts the requests that failed closed: the violations that
 * failing open would have risked, set against the availability lost during the attacks.
 */
export function residencyOf(db: Database.Database, pass: PassRow): ResidencyPass | null {
  if (!hasColumn(db, "requests", "residency") || !hasColumn(db, "nodes", "jurisdiction")) return null;
  const counts = db.prepare(COUNTS_SQL).all({ pass: pass.id }) as CountRow[];
  if (!counts.some((c) => c.residency !== ANY_RESIDENCY)) return null;
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
