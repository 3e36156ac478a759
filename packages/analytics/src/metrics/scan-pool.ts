import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { PassRow } from "../run-db.js";
import type Database from "better-sqlite3";
import { assembleScan, scanQueries, seriesBucketMs, type PassScan, type ScanQuery } from "./pass-scan.js";

// The worker is plain CommonJS passed as a string, so it runs the same from
// dist and from the TypeScript sources under vitest. Each worker holds its
// own read-only connection; SQLite serves concurrent readers of one file.
const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma("cache_size = -16384");
// The loop of runScanQuery in pass-scan.ts.
parentPort.on("message", (q) => {
  try {
    const st = db.prepare(q.sql).raw(true);
    const out = [];
    for (let b = q.firstBucket; b <= q.lastBucket; b++) {
      for (const row of st.all({ pass: q.pass, lo: b * q.bucketMs, hi: (b + 1) * q.bucketMs })) {
        row.unshift(b);
        out.push(row);
      }
    }
    parentPort.postMessage({ rows: out });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
});`;

/**
 * Runs the scans of every pass on up to two worker threads, so the grouped
 * queries of a large run use both cores while the main thread reconstructs
 * incidents. Same SQL as scanPass, so the numbers are identical.
 */
export async function scanPassesInParallel(
  db: Database.Database,
  dbPath: string,
  passes: readonly PassRow[]
): Promise<PassScan[]> {
  const queries = passes.flatMap((p, i) =>
    scanQueries(db, p, passes).map((q, j) => ({ query: q, passIndex: i, index: j }))
  );
  const size = Math.max(1, Math.min(2, availableParallelism(), queries.length));
  const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
  // No execArgv from the parent: --input-type=module (a parent run with `node -e`) would make the
  // CommonJS worker code ESM, and Worker refuses V8 flags such as the --max-semi-space-size that
  // `faultline` runs with (V8's flags are process-wide, so the workers still run under them).
  const workers = Array.from(
    { length: size },
    () => new Worker(WORKER_CODE, { eval: true, execArgv: [], workerData: { sqlite, path: dbPath } })
  );
  const results: unknown[][][][] = passes.map(() => []);
  // Heaviest first (the latency histogram, then counts) so the two workers finish together.
  const weight: Record<ScanQuery["part"], number> = { latency: 0, counts: 1, ttft: 2, itl: 3 };
  const queue = [...queries].sort((a, b) => weight[a.query.part] - weight[b.query.part] || a.passIndex - b.passIndex);
  try {
    await Promise.all(
      workers.map(async (w) => {
        for (let q = queue.shift(); q; q = queue.shift()) {
          const current = q;
          const rows = await new Promise<unknown[][]>((resolve, reject) => {
            const onMessage = (m: { rows?: unknown[][]; error?: string }) => {
              w.off("error", reject);
              if (m.error !== undefined) reject(new Error(m.error));
              else resolve(m.rows!);
            };
            w.once("message", onMessage);
            w.once("error", reject);
            w.postMessage(current.query);
          });
          results[current.passIndex]![current.index] = rows;
        }
      })
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.map((r) => assembleScan(r, seriesBucketMs(passes)));
}
