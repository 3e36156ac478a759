import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { GpuEngine, EngineObserver } from "./gpu/engine.js";
import type { Sequence } from "./gpu/sequence.js";
import type { SessionCache } from "./gpu/session-cache.js";
import type { ActiveFaults } from "./faults/active-faults.js";
import { FastHistogram } from "./fast-histogram.js";
import { registerFaultMetrics } from "./fault-metrics.js";
import { VLLM_BUCKETS, oneTwoFiveBuckets } from "./metric-buckets.js";

/** vLLM's finish reasons as its request_success_total labels them; a node finishes with the first two only. */
const FINISH_REASONS = ["stop", "length", "abort"] as const;

/**
 * The node's Prometheus metrics under vLLM's v1 names, types and labels
 * (`model_name`, `engine`), so vLLM's example Grafana dashboard and autoscalers
 * built for vLLM read a simulated node unchanged. faultline's own additions use
 * the `faultline_` prefix without colons (colons are for recording rules). One
 * registry per node: several nodes may share a process.
 */
export class NodeMetrics implements EngineObserver {
  /** The registry /metrics renders. */
  readonly registry = new Registry();
  private readonly ttft: FastHistogram;
  private readonly itl: FastHistogram;
  private readonly request: Record<
    "e2e" | "queue" | "prefill" | "decode" | "inference" | "tpot" | "prompt" | "generation" | "maxTokens",
    FastHistogram
  >;
  private readonly errors: Counter<"status">;
  private readonly counts = { prompt: 0, generation: 0, prefixQueries: 0, prefixHits: 0 };
  private readonly success: Record<string, number> = { stop: 0, length: 0, abort: 0 };

  private engine!: GpuEngine;
  private sessions!: SessionCache;

  constructor(model: string, faults: ActiveFaults, isReady: () => boolean, maxContext: number) {
    const r = [this.registry];
    const labels = { model_name: model, engine: "0" };
    const labelNames = ["model_name", "engine"];
    const g = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: r,
        collect() {
          this.set(labels, read());
        },
      });
    // Counters read plain numbers at scrape time: a prom-client inc() per token would cost more than the token.
    const counter = (name: string, help: string, read: () => number, extra: Record<string, string> = {}) => {
      let reported = 0;
      return new Counter({
        name,
        help,
        labelNames: [...labelNames, ...Object.keys(extra)],
        registers: r,
        collect() {
          const v = read();
          this.inc({ ...labels, ...extra }, v - reported);
          reported = v;
        },
      });
    };
    g("vllm:num_requests_running", "Requests in model execution batches.", () => this.engine.runningCount);
    g("vllm:num_requests_waiting", "Requests waiting to be processed.", () => this.engine.waitingCount);
    g("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", () =>
      Math.min(1, this.engine.kvUsed / this.engine.limits.kvTokens)
    );
    counter(
      "vllm:num_preemptions_total",
      "Cumulative number of preemptions from the engine.",
      () => this.engine.preemptions
    );
    counter("vllm:prompt_tokens_total", "Number of prefill tokens processed.", () => this.counts.prompt);
    counter("vllm:generation_tokens_total", "Number of generation tokens processed.", () => this.counts.generation);
    counter(
      "vllm:prefix_cache_queries_total",
      "Prefix cache queries, in terms of number of queried tokens.",
      () => this.counts.prefixQueries
    );
    counter(
      "vllm:prefix_cache_hits_total",
      "Prefix cache hits, in terms of number of cached tokens.",
      () => this.counts.prefixHits
    );
    counter(
      "faultline_session_cache_hits_total",
      "Requests of a conversation whose history this node still held (x-faultline-session).",
      () => this.sessions.hits
    );
    counter(
      "faultline_session_cache_misses_total",
      "Requests of a conversation this node did not hold: new, evicted, expired or served elsewhere before.",
      () => this.sessions.misses
    );
    g("faultline_session_cache_sessions", "Conversations whose history the node holds.", () => this.sessions.size);
    const success = new Counter({
      name: "vllm:request_success_total",
      help: "Count of successfully processed requests.",
      labelNames: [...labelNames, "finished_reason"],
      registers: r,
      collect: () => {
        success.reset();
        for (const reason of FINISH_REASONS)
          success.inc({ ...labels, finished_reason: reason }, this.success[reason] ?? 0);
      },
    });
    const histogram = (name: string, help: string, buckets: readonly number[]) =>
      new FastHistogram(name, help, buckets, labels, this.registry);
    const tokens = oneTwoFiveBuckets(maxContext);
    this.ttft = histogram(
      "vllm:time_to_first_token_seconds",
      "Histogram of time to first token in seconds.",
      VLLM_BUCKETS.timeToFirstToken
    );
    this.itl = histogram(
      "vllm:inter_token_latency_seconds",
      "Histogram of inter-token latency in seconds.",
      VLLM_BUCKETS.interTokenLatency
    );
    const latency = VLLM_BUCKETS.requestLatency;
    this.request = {
      e2e: histogram("vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", latency),
      queue: histogram(
        "vllm:request_queue_time_seconds",
        "Histogram of time spent in WAITING phase for request.",
        latency
      ),
      prefill: histogram(
        "vllm:request_prefill_time_seconds",
        "Histogram of time spent in PREFILL phase for request.",
        latency
      ),
      decode: histogram(
        "vllm:request_decode_time_seconds",
        "Histogram of time spent in DECODE phase for request.",
        latency
      ),
      inference: histogram(
        "vllm:request_inference_time_seconds",
        "Histogram of time spent in RUNNING phase for request.",
        latency
      ),
      tpot: histogram(
        "vllm:time_per_output_token_seconds",
        "Histogram of time per output token in seconds.",
        VLLM_BUCKETS.timePerOutputToken
      ),
      prompt: histogram("vllm:request_prompt_tokens", "Number of prefill tokens processed.", tokens),
      generation: histogram("vllm:request_generation_tokens", "Number of generation tokens processed.", tokens),
      maxTokens: histogram(
        "vllm:request_max_num_generation_tokens",
        "Histogram of maximum number of requested generation tokens.",
        tokens
      ),
    };
    registerFaultMetrics(this.registry, faults, "faultline");
    g("faultline_node_ready", "1 when /health/ready answers 200.", () => (isReady() ? 1 : 0));
    g(
      "faultline_batch_slots",
      "Current batch slot limit (capacity fault lowers it).",
      () => this.engine.limits.maxBatch
    );
    g(
      "faultline_kv_tokens_budget",
      "Current KV-cache token budget (capacity fault lowers it).",
      () => this.engine.limits.kvTokens
    );
    this.errors = new Counter({
      name: "faultline_request_errors_total",
      help: "Requests answered with an error status (0: the connection was cut or left hanging).",
      labelNames: ["status"],
      registers: r,
    });
  }

  /** Adds prom-client's process metrics (process_*, nodejs_*); once, by the process's owner. */
  includeProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Binds the engine whose gauges this registry reads (the engine needs the metrics first). */
  attach(engine: GpuEngine, sessions: SessionCache): void {
    this.engine = engine;
    this.sessions = sessions;
  }

  /** Engine hook: first token after ttftMs. */
  firstToken(ttftMs: number): void {
    this.ttft.observe(ttftMs / 1000);
  }
  /** Engine hook: one inter-token gap. */
  interToken(itlMs: number): void {
    this.itl.observe(itlMs / 1000);
  }

  /** A request looked up its prompt in the prefix cache: `cached` of its `promptTokens` were found. */
  prefixLookup(promptTokens: number, cached: number): void {
    this.counts.prefixQueries += promptTokens;
    this.counts.prefixHits += cached;
  }

  /** A request finished with a complete answer; its phases are read from the sequence's engine timestamps. */
  finished(seq: Sequence, e2eMs: number): void {
    const h = this.request;
    h.e2e.observe(e2eMs / 1000);
    h.queue.observe((seq.scheduledAt - seq.submittedAt) / 1000);
    h.prefill.observe((seq.firstTokenAt - seq.scheduledAt) / 1000);
    h.decode.observe((seq.lastTokenAt - seq.firstTokenAt) / 1000);
    h.inference.observe((seq.lastTokenAt - seq.scheduledAt) / 1000);
    // vLLM's per-request mean: decode time over the tokens after the first.
    if (seq.generated > 1) h.tpot.observe((seq.lastTokenAt - seq.firstTokenAt) / 1000 / (seq.generated - 1));
    h.prompt.observe(seq.promptTokens);
    h.generation.observe(seq.generated);
    h.maxTokens.observe(seq.maxTokens);
    this.counts.prompt += seq.promptTokens;
    this.counts.generation += seq.generated;
    this.success[seq.finishReason]!++;
  }

  /** A request was answered with an error status. */
  failed(status: number): void {
    this.errors.inc({ status: String(status) });
  }
}
