import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { simulateChunk, type ChunkTask } from "./chunk-task.js";
import { FLEET_DEFAULTS } from "./defaults.js";
import { MonthStream, type MonthStreamJson } from "./month-stream.js";
import type { Fleet } from "./types.js";

/** How to run a fleet's Monte Carlo. */
export interface RunFleetOptions {
  /** Fleet-months to sample (each is `providers` provider-months). */
  months: number;
  /** Worker threads; 0 runs inline on the calling thread. Default: the machine's cores. */
  threads?: number;
}

/** The merged stream of every month, and how it was run. */
export interface FleetRun {
  stream: MonthStream;
  threads: number;
  elapsedMs: number;
}

/**
 * The compiled chunk task next to this module; when this module runs from src/ (vitest transforms TypeScript,
 * worker threads do not), the built copy in dist/.
 */
function workerFile(): string {
  const beside = new URL("./chunk-task.js", import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside.href : new URL("../dist/chunk-task.js", import.meta.url).href;
}

/** Splits the months into fixed chunks (the seed alone fixes the result, whatever the thread count). */
export function planChunks(fleet: Fleet, months: number): ChunkTask[] {
  const size = FLEET_DEFAULTS.chunkMonths;
  const tasks: ChunkTask[] = [];
  for (let chunk = 0; chunk * size < months; chunk++)
    tasks.push({
      fleet,
      chunk,
      months: Math.min(size, months - chunk * size),
      warmupMonths: FLEET_DEFAULTS.warmupMonths,
    });
  return tasks;
}

/** Runs the Monte Carlo over worker threads (piscina) and merges the chunks' histograms in chunk order. */
export async function runFleet(fleet: Fleet, options: RunFleetOptions): Promise<FleetRun> {
  const started = performance.now();
  const tasks = planChunks(fleet, options.months);
  const threads = Math.min(options.threads ?? availableParallelism(), tasks.length);
  let parts: MonthStreamJson[];
  if (threads <= 0) parts = tasks.map(simulateChunk);
  else {
    const pool = new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads });
    try {
      parts = await Promise.all(tasks.map((t) => pool.run(t) as Promise<MonthStreamJson>));
    } finally {
      await pool.destroy();
    }
  }
  const stream = new MonthStream(fleet.monthHours, fleet.failover.chain.length);
  for (const part of parts) stream.merge(part);
  return { stream, threads: Math.max(threads, 0), elapsedMs: performance.now() - started };
}
