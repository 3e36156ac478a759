import { Counter, Gauge, Registry } from "prom-client";
import type { GpuEngine, EngineObserver } from "./gpu/engine.js";
import type { ActiveFaults } from "./faults/active-faults.js";
import { FastHistogram } from "./fast-histogram.js";

const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const ITL_BUCKETS = [0.001, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1];
const E2E_BUCKETS = [0.01, 0.05, 0.1, 0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 60];

/**
 * The node's Prometheus metrics under vLLM's names, so dashboards and
 * autoscalers built for vLLM read a simulated node unchanged. One registry
 * per node: several nodes may share a process.
 */
export class NodeMetrics implements EngineObserver {
  /** The registry /metrics renders. */
  readonly registry = new Registry();
  private readonly ttft: FastHistogram;
  private readonly itl: FastHistogram;
  private readonly e2e: FastHistogram;
  private readonly errors: Counter<"status">;
  private promptTokenCount = 0;
  private generationTokenCount = 0;
  private successCount = 0;

  private engine!: GpuEngine;

  constructor(model: string, faults: ActiveFaults, isReady: () => boolean) {
    const r = [this.registry];
    const labels = ["model_name"];
    const g = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        labelNames: labels,
        registers: r,
        collect() {
          this.set({ model_name: model }, read());
        },
      });
    g("vllm:num_requests_running", "Requests in the running batch.", () => this.engine.runningCount);
    g("vllm:num_requests_waiting", "Requests waiting for a batch slot.", () => this.engine.waitingCount);
    g("vllm:kv_cache_usage_perc", "KV-cache usage, 1 = full.", () =>
      Math.min(1, this.engine.kvUsed / this.engine.limits.kvTokens)
    );
    g("vllm:num_preemptions_total", "Sequences preempted for lack of KV cache.", () => this.engine.preemptions);
    g("faultline:faults_active", "Faults currently applied to this node.", () => faults.describe().length);
    g("faultline:node_ready", "1 when /health/ready answers 200.", () => (isReady() ? 1 : 0));
    g(
      "faultline:batch_slots",
      "Current batch slot limit (capacity fault lowers it).",
      () => this.engine.limits.maxBatch
    );
    g(
      "faultline:kv_tokens_budget",
      "Current KV-cache token budget (capacity fault lowers it).",
      () => this.engine.limits.kvTokens
    );
    const histogram = (name: string, help: string, buckets: number[]) =>
      new FastHistogram(name, help, buckets, { model_name: model }, this.registry);
    this.ttft = histogram("vllm:time_to_first_token_seconds", "Time to first token.", TTFT_BUCKETS);
    this.itl = histogram("vllm:inter_token_latency_seconds", "Inter-token latency.", ITL_BUCKETS);
    this.e2e = histogram("vllm:e2e_request_latency_seconds", "End-to-end request latency.", E2E_BUCKETS);
    const counter = (name: string, help: string, read: () => number) => {
      let reported = 0;
      return new Counter({
        name,
        help,
        labelNames: labels,
        registers: r,
        collect() {
          const v = read();
          this.inc({ model_name: model }, v - reported);
          reported = v;
        },
      });
    };
    counter("vllm:prompt_tokens_total", "Prefill tokens processed.", () => this.promptTokenCount);
    counter("vllm:generation_tokens_total", "Generation tokens produced.", () => this.generationTokenCount);
    counter("vllm:request_success_total", "Requests finished with a complete answer.", () => this.successCount);
    this.errors = new Counter({
      name: "faultline:request_errors_total",
      help: "Requests answered with an error status.",
      labelNames: ["status"],
      registers: r,
    });
  }

  /** Binds the engine whose gauges this registry reads (the engine needs the metrics first). */
  attach(engine: GpuEngine): void {
    this.engine = engine;
  }

  /** Engine hook: first token after ttftMs. */
  firstToken(ttftMs: number): void {
    this.ttft.observe(ttftMs / 1000);
  }
  /** Engine hook: one inter-token gap. */
  interToken(itlMs: number): void {
    this.itl.observe(itlMs / 1000);
  }

  /** A request finished with a complete answer. */
  finished(e2eMs: number, promptTokens: number, completionTokens: number): void {
    this.e2e.observe(e2eMs / 1000);
    this.promptTokenCount += promptTokens;
    this.generationTokenCount += completionTokens;
    this.successCount++;
  }

  /** A request was answered with an error status. */
  failed(status: number): void {
    this.errors.inc({ status: String(status) });
  }
}
