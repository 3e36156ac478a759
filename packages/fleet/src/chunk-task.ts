import { FleetSimulator } from "./fleet-simulator.js";
import { MonthStream, type MonthStreamJson } from "./month-stream.js";
import type { Fleet } from "./types.js";

/** One unit of work: `months` months of one fleet from its own random stream. */
export interface ChunkTask {
  fleet: Fleet;
  /** The random stream: a chunk's history depends on the seed and this index only, not on the worker count. */
  chunk: number;
  months: number;
  warmupMonths: number;
}

/** Simulates one chunk into a MonthStream. */
export function simulateChunk(task: ChunkTask): MonthStreamJson {
  const stream = new MonthStream(task.fleet.monthHours, task.fleet.failover.chain.length);
  new FleetSimulator(task.fleet, task.chunk).run(task.months, task.warmupMonths, (t) => stream.add(t));
  return stream.toJSON();
}

/** Piscina's entry point. */
export default simulateChunk;
