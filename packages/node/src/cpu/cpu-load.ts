import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";

/** One duty-cycle period, ms: short enough that stopping is quick, long enough to keep task overhead negligible. */
const PERIOD_MS = 50;

/**
 * The compiled worker next to this module; when this module runs from src/
 * (vitest transforms TypeScript, worker threads do not), the built copy in dist/.
 */
function workerFile(): string {
  const beside = new URL("./burn-worker.js", import.meta.url);
  return existsSync(fileURLToPath(beside))
    ? beside.href
    : new URL("../../dist/cpu/burn-worker.js", import.meta.url).href;
}

/**
 * Starts real CPU load: `threads` piscina workers (capped at the machine's
 * cores, so a scenario cannot starve the host) each burning `utilization` of
 * every period. Returns the stop function.
 */
export function startCpuLoad(threads: number, utilization: number): () => void {
  const count = Math.max(1, Math.min(threads, availableParallelism()));
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: count,
    maxThreads: count,
    idleTimeout: 1000,
  });
  const task = { busyMs: PERIOD_MS * utilization, idleMs: PERIOD_MS * (1 - utilization) };
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) await pool.run(task);
  };
  for (let i = 0; i < count; i++)
    loop().catch(() => {
      /* pool destroyed while a task ran: the load is over */
    });
  return () => {
    if (stopped) return;
    stopped = true;
    void pool.destroy().catch(() => undefined);
  };
}
