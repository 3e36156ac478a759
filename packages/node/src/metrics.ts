import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { GpuEngine, EngineObserver } from "./gpu/engine.js";
import type { ActiveFaults } from "./faults/active-faults.js";

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
  private readonly ttft; private readonly itl; private readonly e2e;
  private readonly promptTokens; private readonly generationTokens; private readonly success; private readonly errors;

  private engine!: GpuEngine;

  constructor(private readonly model: string, faults: ActiveFaults, isReady: () => boolean) {
    const r = [this.registry];
    const labels = ["model_name"];
    const g = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, labelNames: labels, registers: r, collect() { this.set({ model_name: model }, read()); } });
    g("vllm:num_requests_running", "Requests in the running batch.", () => this.engine.runningCount);
    g("vllm:num_requests_waiting", "Requests waiting for a batch slot.", () => this.engine.waitingCount);
    g("vllm:kv_cache_usage_perc", "KV-cache usage, 1 = full.", () => Math.min(1, this.engine.kvUsed / this.engine.limits.kvTokens));
    g("vllm:num_preemptions_total", "Sequences preempted for lack of KV cache.", () => this.engine.preemptions);
    g("faultline:faults_active", "Faults currently applied to this node.", () => faults.describe().length);
    g("faultline:node_ready", "1 when /health/ready answers 200.", () => (isReady() ? 1 : 0));
    g("faultline:batch_slots", "Current batch slot limit (capacity fault lowers it).", () => this.engine.limits.maxBatch);
    g("faultline:kv_tokens_budget", "Current KV-cache token budget (capacity fault lowers it).", () => this.engine.limits.kvTokens);
    this.ttft = new Histogram({ name: "vllm:time_to_first_token_seconds", help: "Time to first token.", labelNames: labels, buckets: TTFT_BUCKETS, registers: r }).labels(model);
    this.itl = new Histogram({ name: "vllm:inter_token_latency_seconds", help: "Inter-token latency.", labelNames: labels, buckets: ITL_BUCKETS, registers: r }).labels(model);
    this.e2e = new Histogram({ name: "vllm:e2e_request_latency_seconds", help: "End-to-end request latency.", labelNames: labels, buckets: E2E_BUCKETS, registers: r }).labels(model);
    this.promptTokens = new Counter({ name: "vllm:prompt_tokens_total", help: "Prefill tokens processed.", labelNames: labels, registers: r }).labels(model);
    this.generationTokens = new Counter({ name: "vllm:generation_tokens_total", help: "Generation tokens produced.", labelNames: labels, registers: r }).labels(model);
    this.success = new Counter({ name: "vllm:request_success_total", help: "Requests finished.", labelNames: ["model_name", "finished_reason"], registers: r });
    this.errors = new Counter({ name: "faultline:request_errors_total", help: "Requests answered with an error status.", labelNames: ["status"], registers: r });
  }

  /** Binds the engine whose gauges this registry reads (the engine needs the metrics first). */
  attach(engine: GpuEngine): void { this.engine = engine; }

  /** Engine hook: first token after ttftMs. */
  firstToken(ttftMs: number): void { this.ttft.observe(ttftMs / 1000); }
  /** Engine hook: one inter-token gap. */
  interToken(itlMs: number): void { this.itl.observe(itlMs / 1000); }

  /** A request finished with a complete answer. */
  finished(e2eMs: number, promptTokens: number, completionTokens: number, reason: string): void {
    this.e2e.observe(e2eMs / 1000);
    this.promptTokens.inc(promptTokens);
    this.generationTokens.inc(completionTokens);
    this.success.inc({ model_name: this.model, finished_reason: reason });
  }

  /** A request was answered with an error status. */
  failed(status: number): void { this.errors.inc({ status: String(status) }); }
}
