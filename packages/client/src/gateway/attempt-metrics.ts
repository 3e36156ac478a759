import { Counter, Histogram, type Registry } from "prom-client";
import type { AttemptRecord } from "../types.js";

/** OpenTelemetry GenAI's advisory buckets for gen_ai.client.operation.duration (seconds). */
const GEN_AI_DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
/** OpenTelemetry GenAI's advisory buckets for time to first token (seconds). */
const GEN_AI_TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

type Bound = { attempts: { inc(): void }; duration: { observe(v: number): void }; ttft: { observe(v: number): void } };

/**
 * The gateway's per-attempt metrics, Envoy's upstream view of each endpoint:
 * every attempt's latency and time to first token by endpoint and stream or
 * not. Latency takes OpenTelemetry's GenAI name (the gateway is the GenAI
 * client of each endpoint, as in Envoy AI Gateway) with `error_type` as GenAI
 * names it; the rest keep Prometheus names under `faultline_`.
 */
export class AttemptMetrics {
  private readonly attempts: Counter<"endpoint" | "stream" | "outcome">;
  private readonly duration: Histogram<"gen_ai_operation_name" | "endpoint" | "stream" | "error_type">;
  private readonly ttft: Histogram<"endpoint" | "stream">;
  // Label children are cached: prom-client hashes label objects on every call otherwise.
  private readonly bound = new Map<string, Bound>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.attempts = new Counter({
      name: "faultline_upstream_attempts_total",
      help: "Attempts sent to each endpoint, by outcome (ok, a failure class, or cancelled)",
      labelNames: ["endpoint", "stream", "outcome"],
      registers,
    });
    this.duration = new Histogram({
      name: "gen_ai_client_operation_duration_seconds",
      help: "Duration of each upstream attempt (OpenTelemetry GenAI gen_ai.client.operation.duration)",
      labelNames: ["gen_ai_operation_name", "endpoint", "stream", "error_type"],
      buckets: GEN_AI_DURATION_BUCKETS,
      registers,
    });
    this.ttft = new Histogram({
      name: "faultline_upstream_time_to_first_token_seconds",
      help: "Time from sending an attempt to its first token (streams) or its response headers",
      labelNames: ["endpoint", "stream"],
      buckets: GEN_AI_TTFT_BUCKETS,
      registers,
    });
  }

  /** Records one settled attempt. */
  observe(a: AttemptRecord): void {
    const outcome = a.cancelled ? "cancelled" : a.ok ? "ok" : (a.errorClass ?? "error");
    const stream = a.stream ? "true" : "false";
    const key = `${a.endpoint}\u0000${stream}\u0000${outcome}`;
    let b = this.bound.get(key);
    if (!b) {
      b = {
        attempts: this.attempts.labels(a.endpoint, stream, outcome),
        duration: this.duration.labels("chat", a.endpoint, stream, outcome === "ok" ? "" : outcome),
        ttft: this.ttft.labels(a.endpoint, stream),
      };
      this.bound.set(key, b);
    }
    b.attempts.inc();
    b.duration.observe(a.durationMs / 1000);
    if (a.firstByteMs !== null) b.ttft.observe(a.firstByteMs / 1000);
  }
}
