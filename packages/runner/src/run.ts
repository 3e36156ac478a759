import { mkdirSync, readFileSync } from "node:fs";
import { arch, cpus, hostname, platform, totalmem } from "node:os";
import { basename, resolve } from "node:path";
import type { EventsDbMetaKey, RunHost } from "@faultline/contracts";
import { FaultlineError } from "@faultline/core";
import type { EventLog } from "@faultline/eventlog";
import type { Scenario } from "@faultline/scenario";
import { RunnerErrorCodes } from "./errors.js";
import { runPass, type PassResult } from "./pass.js";
import { openRunLog, whyNotCreated } from "./run-log.js";
import { checkShardable, ShardRun, type ShardSpec } from "./shard.js";
import type { ProgressSnapshot } from "./progress.js";
import type { MomentListener } from "./moments.js";
import type { RequestTracer } from "@faultline/client";
import type { RunMetrics } from "./live-metrics/run-metrics.js";
import type { MetricsServer } from "./live-metrics/metrics-server.js";
import { RUNNER_DEFAULTS } from "./defaults.js";
import type { SpareNodeChildren } from "./node-children.js";

/** Options of a whole run. */
export interface RunOptions {
  /** Folder that holds run folders; default `results`. */
  resultsDir?: string;
  /** Run folder name; default `<yyyymmdd-hhmmss>-<scenario>`. */
  runId?: string;
  /** Aborting it ends the current pass as interrupted, reverts faults and keeps what was recorded. */
  signal?: AbortSignal;
  onProgress?: (s: ProgressSnapshot) => void;
  /** Told of each fault injected or reverted and each failover and failback, as it happens (CI prints them). */
  onMoment?: MomentListener;
  /** Recorded in meta so the report can say the run was shortened. */
  timeScale?: number;
  /** Run the whole scenario this many times (repeat index is stored on each pass). */
  repeat?: number;
  /**
   * How long each pass waits after its last send for the answers still in flight before it cuts them; default
   * RUNNER_DEFAULTS.drainTimeoutMs. Not scaled by the time scale: answer lengths are the node's, not the scenario's.
   */
  drainMs?: number;
  /**
   * Serve the run's live Prometheus metrics on this port (0: any free one) for the whole run; else the
   * scenario's `metricsPort`.
   */
  metricsPort?: number;
  /** Interface of the metrics server; default RUNNER_DEFAULTS.metricsHost (loopback). */
  metricsHost?: string;
  /** Told the metrics server's URL once it listens. */
  onMetricsListening?: (url: string) => void;
  /** Exports a span per load request and per attempt of faultline's client (strategy passes only). */
  tracer?: RequestTracer;
  /** Play one shard of a run split across processes or machines (`run --shard`). */
  shard?: ShardSpec;
  /** Node processes forked ahead of the run (SpareNodeChildren): its first pass starts its nodes in them. */
  spareNodes?: SpareNodeChildren;
  /**
   * Work the caller wants done during the first pass's warm-up, which leaves the CPU mostly idle (the CLI loads
   * the report's chart libraries there); that pass's clock starts once it is done too, and its rejection aborts the
   * pass. Called once.
   */
  duringWarmUp?: () => Promise<unknown>;
}

/** The outcome of a run; the figures live in events.db. */
export interface RunResult {
  runDir: string;
  status: "complete" | "aborted" | "interrupted";
  passes: Array<{ strategy: string; repeat: number } & PassResult>;
}

/** A sortable, filesystem-safe run id. */
export function makeRunId(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${name.replace(/[^a-zA-Z0-9_.-]+/g, "-")}`;
}

/**
 * Runs a scenario: one pass per strategy (and per repeat), all into one
 * events.db. The log is closed (flushed, indexed) whatever happens, and marked
 * complete only when every pass completed.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  if (options.shard) checkShardable(scenario);
  // Shards started in the same second into one results folder must not share a run folder.
  const shardTag = options.shard ? `-shard${options.shard.index}of${options.shard.count}` : "";
  const runDir = resolve(options.resultsDir ?? "results", options.runId ?? makeRunId(scenario.name) + shardTag);
  try {
    mkdirSync(runDir, { recursive: true });
  } catch (err) {
    throw new FaultlineError(
      RunnerErrorCodes.RESULTS_UNWRITABLE,
      `cannot create run folder ${runDir}: ${whyNotCreated(runDir, err)}`,
      { field: "results", cause: err }
    );
  }
  let live: RunMetrics | undefined;
  let server: MetricsServer | undefined;
  const metricsPort = options.metricsPort ?? scenario.metricsPort;
  if (metricsPort !== undefined) {
    // Loaded on use: prom-client and the metrics server are start-up time a run without them skips.
    const [{ RunMetrics }, { startMetricsServer }] = await Promise.all([
      import("./live-metrics/run-metrics.js"),
      import("./live-metrics/metrics-server.js"),
    ]);
    live = new RunMetrics(scenario.name, basename(runDir));
    server = await startMetricsServer(live, metricsPort, options.metricsHost ?? RUNNER_DEFAULTS.metricsHost);
    options.onMetricsListening?.(`${server.url}/metrics`);
  }
  try {
    return await runAllPasses(scenario, options, runDir, live);
  } finally {
    await server?.close();
  }
}

async function runAllPasses(
  scenario: Scenario,
  options: RunOptions,
  runDir: string,
  live: RunMetrics | undefined
): Promise<RunResult> {
  const { log, diskFailed } = openRunLog(runDir);
  const drainMs = options.drainMs ?? RUNNER_DEFAULTS.drainTimeoutMs;
  writeMeta(log, scenario, options, drainMs);
  const shard = options.shard ? new ShardRun(options.shard, scenario, log, drainMs) : undefined;
  const signal = AbortSignal.any([options.signal ?? new AbortController().signal, diskFailed]);
  const passes: RunResult["passes"] = [];
  let status: RunResult["status"] = "complete";
  // Started by the first warm-up; later passes get the same, settled promise.
  let duringWarmUp: Promise<unknown> | undefined;
  const firstWarmUpWork = () => (duringWarmUp ??= options.duringWarmUp!());
  try {
    for (let repeat = 0; repeat < (options.repeat ?? 1); repeat++) {
      for (const system of scenario.systems) {
        if (signal.aborted) {
          status = "interrupted";
          break;
        }
        const r = await runPass({
          scenario,
          system,
          runDir,
          log,
          repeat,
          signal,
          drainMs,
          ...(shard ? { shard } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.onMoment ? { onMoment: options.onMoment } : {}),
          ...(live ? { live } : {}),
          ...(options.tracer ? { tracer: options.tracer } : {}),
          ...(options.spareNodes ? { spareNodes: options.spareNodes } : {}),
          ...(options.duringWarmUp ? { duringWarmUp: firstWarmUpWork } : {}),
        });
        passes.push({ strategy: system.name, repeat, ...r });
        if (r.status !== "complete" && status === "complete") status = r.status;
      }
    }
  } catch (err) {
    status = "aborted";
    throw err;
  } finally {
    log.close(status === "complete");
  }
  if (log.writeFailure) throw log.writeFailure;
  return { runDir, status, passes };
}

function writeMeta(log: EventLog, s: Scenario, o: RunOptions, drainMs: number): void {
  let text = "";
  try {
    text = readFileSync(s.file, "utf8");
  } catch {
    /* module-form or missing source: the resolved scenario below still records everything */
  }
  const meta: Partial<Record<EventsDbMetaKey, string>> = {
    scenario_name: s.name,
    scenario_file: s.file,
    scenario_text: text,
    scenario_resolved: JSON.stringify(s),
    seed: String(s.seed),
    slo: JSON.stringify(s.slo),
    steady_state: JSON.stringify(s.steadyState ?? {}),
    gate_strategy: s.client.strategy,
    client_order: JSON.stringify(s.client.order),
    strategies: JSON.stringify(s.strategies),
    systems: JSON.stringify(s.systems.map((x) => ({ name: x.name, kind: x.kind }))),
    started_at: new Date().toISOString(),
    time_scale: String(o.timeScale ?? 1),
    drain_ms: String(drainMs),
    faultline_version: "0.1.0",
    host: JSON.stringify(hostOf()),
    complete: "0",
  };
  for (const key of Object.keys(meta) as EventsDbMetaKey[]) log.setMeta(key, meta[key]!);
}

/** The machine the run plays on, for the report: figures from a 2-core laptop and a 64-core server differ. */
function hostOf(): RunHost {
  const cores = cpus();
  return {
    hostname: hostname(),
    platform: platform(),
    arch: arch(),
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}
