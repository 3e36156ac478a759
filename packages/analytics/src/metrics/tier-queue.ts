import type Database from "better-sqlite3";
import { QUEUE_OUTCOMES, type QueueOutcome } from "@faultline/contracts";
import { ms } from "../round.js";
import type { TierQueue } from "../types.js";

/**
 * The retry queue of one pass, from requests.queue_outcome and queued_ms: how many requests entered it, how each stay
 * ended, and the longest wait. Null when no request entered the queue.
 */
export function queueOf(db: Database.Database, passId: number): TierQueue | null {
  const rows = db
    .prepare(
      `SELECT queue_outcome AS outcome, COUNT(*) AS n, MAX(queued_ms) AS longest
       FROM requests WHERE pass_id = ? AND queue_outcome IS NOT NULL GROUP BY 1`
    )
    .all(passId) as Array<{ outcome: QueueOutcome; n: number; longest: number | null }>;
  if (rows.length === 0) return null;
  const count = (k: QueueOutcome) => rows.find((r) => r.outcome === k)?.n ?? 0;
  const outcomes = Object.fromEntries(Object.keys(QUEUE_OUTCOMES).map((k) => [k, count(k as QueueOutcome)])) as Record<
    QueueOutcome,
    number
  >;
  return {
    queued: rows.reduce((s, r) => s + r.n, 0),
    ...outcomes,
    longestWaitMs: ms(Math.max(...rows.map((r) => r.longest ?? 0))),
  };
}
