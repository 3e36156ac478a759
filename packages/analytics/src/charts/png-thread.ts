import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { pngOptions } from "./png-options.js";

// Plain CommonJS passed as a string, as the scan workers are (metrics/scan-pool.ts), so it runs the same from dist
// and from the TypeScript sources under vitest.
const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const { Resvg } = require(workerData.resvg);
parentPort.on("message", ({ id, svg }) => {
  try {
    parentPort.postMessage({ id, png: new Resvg(svg, workerData.options).render().asPng() });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});`;

/**
 * Rasterises the report's charts to PNG on a thread of its own. resvg's `asPng` encodes on the calling thread: on
 * the main thread it held vega back from the next chart while the second core sat idle, the nodes having stopped
 * by then (docs/BENCHMARKS.md, "Short-run overhead").
 */
export class PngThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (png: Buffer) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor() {
    const resvg = createRequire(import.meta.url).resolve("@resvg/resvg-js");
    // No execArgv from the parent (see scan-pool.ts: Worker refuses the V8 flags faultline runs with).
    this.worker = new Worker(WORKER_CODE, { eval: true, execArgv: [], workerData: { resvg, options: pngOptions() } });
    this.worker.on("message", (m: { id: number; png?: Uint8Array; error?: string }) => {
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) waiter?.reject(new Error(m.error));
      else waiter?.resolve(Buffer.from(m.png!.buffer, m.png!.byteOffset, m.png!.byteLength));
    });
    this.worker.on("error", (e) => this.failAll(e));
    this.worker.on("exit", () => this.failAll(new Error("the PNG thread exited")));
  }

  /** The PNG of `svg`, at twice its size. */
  rasterise(svg: string): Promise<Buffer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, svg });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(e: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(e);
    this.pending.clear();
  }
}
