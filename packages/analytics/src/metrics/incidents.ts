import type Database from "better-sqlite3";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import type { PassRow } from "../run-db.js";
import { ms, msOrNull } from "../round.js";
import type { Incident } from "../types.js";

interface AttackRow {
  attackId: string;
  target: string;
  fault: string;
  startMs: number | null;
  plannedEndMs: number | null;
  revertedMs: number | null;
}

interface Window {
  attack: AttackRow;
  onset: number;
  end: number;
  /** The earlier of the revert and the planned end: what adjacency and overlap are judged on. */
  until: number;
}

/** Routing events that show the client reacting to a fault on `target`. */
export const REACTION = `((kind = 'health' AND endpoint = @target AND to_state = 'unhealthy')
  OR (kind = 'breaker' AND endpoint = @target AND to_state = 'open')
  OR (kind = 'failover' AND from_state = @target))`;

/**
 * Reconstructs every attack of a pass as an incident. Each figure is one
 * indexed range query over the window, so the cost grows with the window's
 * requests, not with the run. Definitions are in docs/analytics.md.
 */
export function incidentsOf(db: Database.Database, pass: PassRow, primary: string | null): Incident[] {
  const attacks = db
    .prepare(
      `SELECT attack_id AS attackId, target, fault, start_ms AS startMs, end_ms AS plannedEndMs,
              reverted_ms AS revertedMs
       FROM attacks WHERE pass_id = ? ORDER BY COALESCE(start_ms, planned_ms), id`
    )
    .all(pass.id) as AttackRow[];
  const windows: Window[] = attacks
    .filter((a) => a.startMs !== null)
    .map((a) => {
      const end = Math.min(a.revertedMs ?? a.plannedEndMs ?? pass.endMs, pass.endMs);
      // Back-to-back attacks (the paper's latency 8-10 s, then disable from 10 s) must not count as
      // overlapping just because the first revert is acknowledged a millisecond after the next
      // onset: adjacency is judged against the planned end.
      return { attack: a, onset: a.startMs!, end, until: Math.min(end, a.plannedEndMs ?? end) };
    });
  const q = queries(db);
  return attacks.map((a) => {
    const w = windows.find((x) => x.attack === a);
    if (!w) return notInjected(a);
    const nextOnset = Math.min(pass.endMs, ...windows.filter((x) => x !== w && x.onset >= w.until).map((x) => x.onset));
    const windowEnd = Math.max(w.end, Math.min(w.end + ANALYTICS_DEFAULTS.incidentGraceMs, nextOnset));
    const overlapping = windows.some((x) => x !== w && x.onset < w.until && x.until > w.onset);
    const p = {
      pass: pass.id,
      target: a.target,
      onset: w.onset,
      windowEnd,
      bucket: ANALYTICS_DEFAULTS.downtimeBucketMs,
    };
    const detect = q.detect.get(p) as { t: number | null };
    const firstFail = q.firstFailure.get(p) as { scheduled: number; ended: number } | undefined;
    const down = q.window.get(p) as { buckets: number; lost: number; total: number; failover: number | null };
    const recovery = firstFail
      ? (q.nextSuccess.get({ pass: pass.id, after: firstFail.scheduled }) as { t: number } | undefined)
      : undefined;
    const failsBack = primary === null || a.target === primary;
    const failback = failsBack
      ? (q.failback.get({ pass: pass.id, target: a.target, from: w.end, to: nextOnset }) as { t: number } | undefined)
      : undefined;
    return {
      attackId: a.attackId,
      target: a.target,
      fault: a.fault,
      injected: true,
      onsetMs: ms(w.onset),
      endMs: ms(w.end),
      windowEndMs: ms(windowEnd),
      overlapping,
      timeToDetectMs: msOrNull(detect.t === null ? null : detect.t - w.onset),
      timeToNoticeMs: msOrNull(firstFail ? firstFail.ended - w.onset : null),
      // Only an incident the client reacted to or felt needed a failover; otherwise a success on
      // another node in its window belongs to whatever did cause one (an adjacent attack).
      timeToFailoverMs: msOrNull(
        down.failover === null || (detect.t === null && !firstFail) ? null : down.failover - w.onset
      ),
      downtimeMs: ms(down.buckets * ANALYTICS_DEFAULTS.downtimeBucketMs),
      mttrMs: msOrNull(firstFail && recovery ? recovery.t - firstFail.scheduled : null),
      unrecovered: firstFail !== undefined && recovery === undefined,
      failbackMs: msOrNull(failback ? failback.t - w.end : null),
      requestsLost: down.lost,
      requestsInWindow: down.total,
    };
  });
}

function notInjected(a: AttackRow): Incident {
  return {
    attackId: a.attackId,
    target: a.target,
    fault: a.fault,
    injected: false,
    onsetMs: null,
    endMs: null,
    windowEndMs: null,
    overlapping: false,
    timeToDetectMs: null,
    timeToNoticeMs: null,
    timeToFailoverMs: null,
    downtimeMs: 0,
    mttrMs: null,
    unrecovered: false,
    failbackMs: null,
    requestsLost: 0,
    requestsInWindow: 0,
  };
}

function queries(db: Database.Database) {
  const inWindow = "pass_id = @pass AND scheduled_ms >= @onset AND scheduled_ms < @windowEnd";
  return {
    detect: db.prepare(
      `SELECT MIN(t_ms) AS t FROM routing_events WHERE pass_id = @pass AND t_ms >= @onset AND ` +
        `t_ms < @windowEnd AND ${REACTION}`
    ),
    firstFailure: db.prepare(
      `SELECT scheduled_ms AS scheduled, end_ms AS ended FROM requests WHERE ${inWindow} AND ok = ` +
        `0 ORDER BY scheduled_ms LIMIT 1`
    ),
    // One pass over the window gives downtime, losses and the failover instant.
    window: db.prepare(
      `SELECT COUNT(DISTINCT CASE WHEN ok = 0 THEN CAST((scheduled_ms - @onset) / @bucket AS INTEGER) END) AS buckets,
              COALESCE(SUM(1 - ok), 0) AS lost, COUNT(*) AS total,
              MIN(CASE WHEN ok = 1 AND served_by IS NOT NULL AND served_by <> @target
                       THEN COALESCE(first_byte_ms, end_ms) END) AS failover
       FROM requests WHERE ${inWindow}`
    ),
    // "Next success" is the first request asked after the first failure that succeeded; its answer time ends the
    // outage.
    nextSuccess: db.prepare(
      "SELECT end_ms AS t FROM requests WHERE pass_id = @pass AND scheduled_ms > @after AND ok = " +
        "1 ORDER BY scheduled_ms LIMIT 1"
    ),
    failback: db.prepare(
      "SELECT end_ms AS t FROM requests WHERE pass_id = @pass AND scheduled_ms >= @from AND " +
        "scheduled_ms < @to AND ok = 1 AND served_by = @target ORDER BY scheduled_ms LIMIT 1"
    ),
  };
}
