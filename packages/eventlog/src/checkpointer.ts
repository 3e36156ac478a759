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

/** The longest `stop` waits for the worker to close its connection: a checkpoint in progress, or a worker starting. */
const STOP_WAIT_MS = 2000;

/** Checkpoints `path`'s write-ahead log every `intervalMs` on a worker thread; `stop` ends it. */
export class WalCheckpointer {
  private readonly worker: Worker;
  /** Set to 1 by the worker once its connection is closed. */
  private readonly closed = new Int32Array(new SharedArrayBuffer(4));

  constructor(path: string, intervalMs: number) {
    this.worker = new Worker(workerFile(), { workerData: { path, intervalMs, closed: this.closed } });
    // It never keeps a process alive, and a worker that cannot start leaves the writer's own
    // checkpoint at close to do the work.
    this.worker.unref();
    this.worker.on("error", () => {});
  }

  /** Whether the worker's connection is closed. */
  get connectionClosed(): boolean {
    return Atomics.load(this.closed, 0) === 1;
  }

  /**
   * Stops the worker and waits until its connection is closed, so that nothing holds the file once the writer
   * closes it: a connection closed later recreated the -wal and -shm files in a folder being removed.
   */
  stop(): void {
    this.worker.postMessage("stop");
    Atomics.wait(this.closed, 0, 0, STOP_WAIT_MS);
  }
}
