import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * The compiled worker next to this module; when this module runs from src/ (vitest transforms
 * TypeScript, worker threads do not), the built copy in dist/.
 */
function workerFile(): URL {
  const beside = new URL("./checkpointer-worker.js", import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL("../dist/checkpointer-worker.js", import.meta.url);
}

/** Checkpoints `path`'s write-ahead log every `intervalMs` on a worker thread; `stop` ends it. */
export class WalCheckpointer {
  private readonly worker: Worker;

  constructor(path: string, intervalMs: number) {
    this.worker = new Worker(workerFile(), { workerData: { path, intervalMs } });
    // It never keeps a process alive, and a worker that cannot start leaves the writer's own
    // checkpoint at close to do the work.
    this.worker.unref();
    this.worker.on("error", () => {});
  }

  /** Asks the worker to stop; a checkpoint it is running finishes first (the writer's waits on it). */
  stop(): void {
    this.worker.postMessage("stop");
  }
}
