import type Database from "better-sqlite3";

/** One client request of a pass, joined with what the nodes saw of it. */
export interface SeenRequest {
  scheduledMs: number;
  endMs: number;
  ok: boolean;
  /** Node of the request's first attempt, and when it arrived there; null when no node saw it. */
  firstNode: string | null;
  firstArrivedMs: number | null;
  /** Node whose complete 200 answer reached the caller (the last such attempt); null when none. */
  servedNode: string | null;
  /** First byte of that answer, as the node sent it. */
  servedFirstByteMs: number | null;
  /** Attempts the nodes received for this request. */
  attempts: number;
}

/** Whether the pass has a node-side attempt log (runs before schema version 2, and external nodes, have none). */
export function hasAttempts(db: Database.Database, passId: number): boolean {
  // A version-1 log read from a read-only disk has no node_attempts table at all.
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'node_attempts'").get() === undefined)
    return false;
  return db.prepare("SELECT 1 FROM node_attempts WHERE pass_id = ? LIMIT 1").get(passId) !== undefined;
}

/**
 * Every request of a pass in schedule order, each with its first and its
 * served attempt. Three grouped scans joined in memory: SQLite's bare-column
 * rule gives the node of the MIN()/MAX() row, one query each.
 */
export function seenRequests(db: Database.Database, passId: number): SeenRequest[] {
  const first = new Map<string, { node: string; arrived: number; n: number }>();
  for (const r of db
    .prepare(
      "SELECT request_id AS id, node, MIN(arrived_ms) AS arrived, COUNT(*) AS n FROM " +
        "node_attempts WHERE pass_id = ? GROUP BY request_id"
    )
    .iterate(passId) as Iterable<{ id: string; node: string; arrived: number; n: number }>) {
    first.set(r.id, r);
  }
  const served = new Map<string, { node: string; firstByte: number | null }>();
  const servedRows = db
    .prepare(
      `SELECT request_id AS id, node, first_byte_ms AS firstByte, MAX(end_ms) FROM node_attempts
     WHERE pass_id = ? AND status = 200 AND outcome = 'complete' GROUP BY request_id`
    )
    .iterate(passId) as Iterable<{ id: string; node: string; firstByte: number | null }>;
  for (const r of servedRows) served.set(r.id, r);
  const out: SeenRequest[] = [];
  const rows = db
    .prepare(
      "SELECT request_id AS id, scheduled_ms AS scheduledMs, end_ms AS endMs, ok FROM requests " +
        "WHERE pass_id = ? ORDER BY scheduled_ms"
    )
    .iterate(passId) as Iterable<{ id: string | null; scheduledMs: number; endMs: number; ok: number }>;
  for (const r of rows) {
    const f = r.id === null ? undefined : first.get(r.id);
    const s = r.id === null || r.ok !== 1 ? undefined : served.get(r.id);
    out.push({
      scheduledMs: r.scheduledMs,
      endMs: r.endMs,
      ok: r.ok === 1,
      firstNode: f?.node ?? null,
      firstArrivedMs: f?.arrived ?? null,
      servedNode: s?.node ?? null,
      servedFirstByteMs: s?.firstByte ?? null,
      attempts: f?.n ?? 0,
    });
  }
  return out;
}

/** Attempts and client requests per second of the pass, for amplification over time. */
export function amplificationBuckets(
  db: Database.Database,
  passId: number,
  bucketMs: number
): Map<number, { attempts: number; requests: number }> {
  const buckets = new Map<number, { attempts: number; requests: number }>();
  const at = (b: number) => {
    let x = buckets.get(b);
    if (!x) {
      x = { attempts: 0, requests: 0 };
      buckets.set(b, x);
    }
    return x;
  };
  for (const r of db
    .prepare(
      "SELECT CAST(arrived_ms / ? AS INTEGER) AS b, COUNT(*) AS n FROM node_attempts WHERE pass_id = ? GROUP BY b"
    )
    .iterate(bucketMs, passId) as Iterable<{ b: number; n: number }>)
    at(r.b).attempts = r.n;
  for (const r of db
    .prepare("SELECT CAST(scheduled_ms / ? AS INTEGER) AS b, COUNT(*) AS n FROM requests WHERE pass_id = ? GROUP BY b")
    .iterate(bucketMs, passId) as Iterable<{ b: number; n: number }>)
    at(r.b).requests = r.n;
  return buckets;
}

/**
 * The first attempt at another node than `target`, after onset, by a request that had tried `target` first: a retry or
 * fallback away from it.
 */
export function firstRetryElsewhere(
  db: Database.Database,
  passId: number,
  target: string,
  fromMs: number,
  toMs: number
): number | null {
  const row = db
    .prepare(
      `SELECT MIN(a.arrived_ms) AS t FROM node_attempts a
     WHERE a.pass_id = @pass AND a.arrived_ms >= @from AND a.arrived_ms < @to AND a.node <> @target
       AND EXISTS (SELECT 1 FROM node_attempts b WHERE b.pass_id = a.pass_id AND b.request_id = a.request_id
                   AND b.node = @target AND b.arrived_ms < a.arrived_ms)`
    )
    .get({ pass: passId, target, from: fromMs, to: toMs }) as { t: number | null };
  return row.t;
}

/** Completion tokens the nodes generated for attempts whose answer did not reach the caller. */
export function attemptTotals(
  db: Database.Database,
  passId: number
): { attempts: number; tokens: number; servedTokens: number } {
  const all = db
    .prepare(
      "SELECT COUNT(*) AS attempts, COALESCE(SUM(completion_tokens), 0) AS tokens FROM node_attempts WHERE pass_id = ?"
    )
    .get(passId) as { attempts: number; tokens: number };
  const served = db
    .prepare(
      `SELECT COALESCE(SUM(t), 0) AS t FROM (SELECT completion_tokens AS t, MAX(end_ms) FROM node_attempts
     WHERE pass_id = ? AND status = 200 AND outcome = 'complete'
       AND request_id IN (SELECT request_id FROM requests WHERE pass_id = ? AND ok = 1) GROUP BY request_id)`
    )
    .get(passId, passId) as { t: number };
  return { ...all, servedTokens: served.t };
}
