import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { TopLevelSpec } from "vega-lite";
import { ANALYTICS_DEFAULTS } from "../defaults.js";

// Plain CommonJS passed as a string, as in metrics/scan-pool.ts: it runs the same from dist and
// from the TypeScript sources under vitest. vega and vega-lite are ES modules, imported by the
// absolute paths the parent resolved, so the worker finds them wherever the user's folder is.
const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const { pathToFileURL } = require("node:url");
const load = (path) => import(pathToFileURL(path).href);
const draw = (vega, vl, spec) => {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  return view.toSVG().finally(() => view.finalize());
};
const loading = Promise.all([load(workerData.vega), load(workerData.vegaLite)]);
loading.then(
  () => parentPort.postMessage({ ready: true }),
  (e) => parentPort.postMessage({ ready: false, error: String((e && e.message) || e) })
);
// specToSvg in render.ts, the same three calls.
parentPort.on("message", async ({ id, spec }) => {
  try {
    const [vega, vl] = await loading;
    parentPort.postMessage({ id, svg: await draw(vega, vl, spec) });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});`;

interface Job {
  id: number;
  spec: TopLevelSpec;
  resolve: (svg: string) => void;
  reject: (err: Error) => void;
}

/**
 * Worker threads that render vega-lite specs to SVG, several charts at once,
 * off the main thread (which scans events.db meanwhile), and vega is loaded
 * only in them. They live for one report: kept alive through a run, idle
 * workers still made the pass's attacks fire 30-90 ms late on a loaded 2-core
 * machine (run-hard-fault's lateness check failed twice with them, passed
 * twice without), and drawing a warm-up chart first cost more than it saved
 * (five alternated pairs, load average 8.5).
 */
export class ChartRenderPool {
  /** Settles when every worker has loaded vega (rejects when one could not). */
  readonly ready: Promise<void>;
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 0;

  /** Starts `size` workers (default: ANALYTICS_DEFAULTS.chartWorkers, at most one per core); they load vega at once. */
  constructor(size: number = Math.max(1, Math.min(ANALYTICS_DEFAULTS.chartWorkers, availableParallelism()))) {
    const resolve = createRequire(import.meta.url).resolve;
    const workerData = { vega: resolve("vega"), vegaLite: resolve("vega-lite") };
    // No execArgv from the parent: see scan-pool.ts (V8 flags are process-wide anyway).
    this.workers = Array.from(
      { length: size },
      () => new Worker(WORKER_CODE, { eval: true, execArgv: [], workerData })
    );
    this.ready = Promise.all(this.workers.map((w) => this.started(w))).then(() => undefined);
    this.ready.catch(() => undefined); // awaited by whoever renders; an early failure must not go unhandled
  }

  /** Renders one spec to SVG on the next free worker. */
  async toSvg(spec: TopLevelSpec): Promise<string> {
    await this.ready; // a worker that could not load vega fails every chart, with why
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, spec, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the workers; charts still queued are rejected. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new Error("the chart renderer was closed"));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private started(w: Worker): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      w.once("error", onError);
      w.once("message", (m: { ready: boolean; error?: string }) => {
        w.off("error", onError);
        if (!m.ready) return reject(new Error(`vega could not be loaded: ${m.error}`));
        w.on("message", (r: { id: number; svg?: string; error?: string }) => this.finished(w, r));
        w.on("error", (err) => this.failed(w, err));
        this.idle.push(w);
        this.dispatch();
        resolve();
      });
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(w, job);
      w.postMessage({ id: job.id, spec: job.spec });
    }
  }

  private finished(w: Worker, r: { id: number; svg?: string; error?: string }): void {
    const job = this.running.get(w);
    this.running.delete(w);
    this.idle.push(w);
    if (job?.id === r.id) {
      if (r.error !== undefined) job.reject(new Error(r.error));
      else job.resolve(r.svg!);
    }
    this.dispatch();
  }

  private failed(w: Worker, err: Error): void {
    this.running.get(w)?.reject(err);
    this.running.delete(w);
  }
}
