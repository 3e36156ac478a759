// A worker thread that checkpoints one events.db's write-ahead log, so the writer's thread never
// does. SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: with the
// routing ledger (~700 bytes a routing decision) a run at 7,000 req/s crossed it about once a
// second, and that commit held the runner's thread for milliseconds while sends waited
// (docs/BENCHMARKS.md, "End-to-end capacity and the WAL checkpoint").
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, intervalMs, closed } = workerData as { path: string; intervalMs: number; closed: Int32Array };
const db = new Database(path);

// PASSIVE copies what it can without waiting for the writer or any reader, and never blocks them.
const checkpoint = (): void => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // A busy database or a full disk: the writer's own checkpoint at close tries again and reports.
  }
};
const timer = setInterval(checkpoint, intervalMs);

parentPort!.once("message", () => {
  clearInterval(timer);
  db.close();
  Atomics.store(closed, 0, 1);
  Atomics.notify(closed, 0);
  parentPort!.close();
});
