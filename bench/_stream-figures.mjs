// The figures both sides of a streaming benchmark are judged by, from rows of
// { scheduled, start, firstByte, end, tokens, ok } (ms): what `faultline run` stores in events.db's requests table
// and what the bare reader records.
import { percentile } from "./_run-scenario.mjs";

/** A send is late when it left more than this after its scheduled time (the capacity benchmark's rule). */
export const LATE_MS = 5;

/** Tokens per second over the span the streams were open, late share, streams held at once, TTFT and stream time. */
export function streamFigures(rows) {
  const n = rows.length;
  const first = Math.min(...rows.map((r) => r.start));
  const last = Math.max(...rows.map((r) => r.end));
  const tokens = rows.reduce((s, r) => s + r.tokens, 0);
  // Streams held at once: a sweep over opens (+1) and closes (-1).
  const edges = rows.flatMap((r) => [
    [r.start, 1],
    [r.end, -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let held = 0;
  for (const [, d] of edges) held = Math.max(held, (open += d));
  const sorted = (f) =>
    rows
      .map(f)
      .filter((v) => v !== null && Number.isFinite(v))
      .sort((a, b) => a - b);
  const ttft = sorted((r) => (r.firstByte === null ? null : r.firstByte - r.start));
  const duration = sorted((r) => r.end - r.start);
  return {
    streams: n,
    failed: rows.filter((r) => !r.ok).length,
    tokens,
    tokensPerSecond: tokens / ((last - first) / 1000),
    latePct: (100 * rows.filter((r) => r.start - r.scheduled > LATE_MS).length) / n,
    held,
    ttftP50: percentile(ttft, 50),
    ttftP99: percentile(ttft, 99),
    durationP50: percentile(duration, 50),
  };
}

/** The rows of a faultline run's requests table, in the shape streamFigures reads. */
export function runRows(db) {
  return db
    .prepare(
      `SELECT scheduled_ms AS scheduled, start_ms AS start, first_byte_ms AS firstByte, end_ms AS "end",
              completion_tokens AS tokens, ok FROM requests`
    )
    .all();
}
