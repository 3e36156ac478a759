// Event log: rows/s through the EventLog writer (batched, bounded memory) against a bare
// better-sqlite3 loop of prepared inserts in one transaction, same schema, same machine, same run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { COLUMNS, EVENT_LOG_DEFAULTS, EventLog, SCHEMA_SQL } from "@faultline/eventlog";

const rows = process.env.BENCH_SMOKE ? 50_000 : 1_000_000;
const dir = mkdtempSync(join(tmpdir(), "fl-bench-log-"));
const row = (i) => ({
  pass_id: 1,
  strategy: "active-passive",
  scheduled_ms: i * 0.2,
  start_ms: i * 0.2 + 0.05,
  first_byte_ms: i * 0.2 + 1,
  end_ms: i * 0.2 + 2,
  ok: 1,
  status: 200,
  served_by: "primary",
  attempts: 1,
  error: null,
  error_class: null,
  stream: i & 1,
  prompt_tokens: 64,
  completion_tokens: 128,
  wasted_tokens: 0,
  request_class: null,
});

function bare(path) {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(SCHEMA_SQL);
  const cols = COLUMNS.requests;
  const stmt = db.prepare(`INSERT INTO requests (${cols.join(",")}) VALUES (${cols.map(() => "?").join(",")})`);
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const r = row(i);
      stmt.run(cols.map((c) => r[c]));
    }
  })();
  const s = (performance.now() - t0) / 1000;
  db.close();
  return rows / s;
}

function writer(path) {
  const log = new EventLog(path);
  const t0 = performance.now();
  for (let i = 0; i < rows; i++) log.append("requests", row(i));
  log.flush();
  const s = (performance.now() - t0) / 1000;
  const maxBuffered = log.maxBuffered;
  log.close(true);
  return { rate: rows / s, maxBuffered };
}

// Alternate the order and keep the best of each, so neither side pays for a cold page cache alone.
let bestBare = 0,
  bestWriter = 0,
  maxBuffered = 0;
for (let round = 0; round < 3; round++) {
  bestBare = Math.max(bestBare, bare(join(dir, `bare-${round}.db`)));
  const w = writer(join(dir, `writer-${round}.db`));
  bestWriter = Math.max(bestWriter, w.rate);
  maxBuffered = Math.max(maxBuffered, w.maxBuffered);
}
rmSync(dir, { recursive: true, force: true });
const ratio = bestWriter / bestBare;
console.log(
  JSON.stringify({
    figure: "eventlog_writer_rows_per_s",
    unit: "rows/s",
    value: Math.round(bestWriter),
    reference: Math.round(bestBare),
    ratio,
    target: ">= 0.8",
    met: ratio >= 0.8,
    shortBy: ratio >= 0.8 ? undefined : (0.8 - ratio).toFixed(2),
  })
);
console.log(
  JSON.stringify({
    figure: "eventlog_writer_max_rows_in_memory",
    unit: "rows",
    value: maxBuffered,
    reference: rows,
    ratio: maxBuffered / rows,
    target: "bounded (<= batchSize)",
    met: maxBuffered <= EVENT_LOG_DEFAULTS.batchSize,
  })
);
