import { Counter, type Registry } from "prom-client";
import type { AttemptRecord } from "../types.js";
import { LabelledHistogram, type HistogramSeries } from "@faultline/core";

/** OpenTelemetry GenAI's advisory buckets for gen_ai.client.operation.duration (seconds). */
const GEN_AI_DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
/** OpenTelemetry GenAI's advisory buckets for time to first token (seconds). */
const GEN_AI_TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** The series one (endpoint, stream, outcome) observes into; the attempt count is the duration's count. */
interface Bound {
  endpoint: string;
  stream: string;
  outcome: string;
  duration: HistogramSeries;
  ttft: HistogramSeries;
}

/**
 * The gateway's per-attempt metrics, Envoy's upstream view of each endpoint:
 * every attempt's latency and time to first token by endpoint and stream or
 * not. Latency takes OpenTelemetry's GenAI name (the gateway is the GenAI
 * client of each endpoint, as in Envoy AI Gateway) with `error_type` as GenAI
 * names it; the rest keep Prometheus names under `faultline_`. Observing is a
 * map lookup and two bucket searches (core's LabelledHistogram says why).
 */
export class AttemptMetrics {
  private readonly duration: LabelledHistogram;
  private readonly ttft: LabelledHistogram;
  private readonly bound = new Map<string, Bound>();
  /** TTFT series are per (endpoint, stream), shared by every outcome. */
  private readonly ttftSeries = new Map<string, HistogramSeries>();

  constructor(registry: Registry) {
    const bound = this.bound;
    new Counter({
      name: "faultline_upstream_attempts_total",
      help: "Attempts sent to each endpoint, by outcome (ok, a failure class, or cancelled)",
      labelNames: ["endpoint", "stream", "outcome"],
      registers: [registry],
      collect() {
        this.reset();
        for (const b of bound.values())
          this.inc({ endpoint: b.endpoint, stream: b.stream, outcome: b.outcome }, b.duration.count);
      },
    });
    this.duration = new LabelledHistogram(
      "gen_ai_client_operation_duration_seconds",
      "Duration of each upstream attempt (OpenTelemetry GenAI gen_ai.client.operation.duration)",
      GEN_AI_DURATION_BUCKETS,
      registry
    );
    this.ttft = new LabelledHistogram(
      "faultline_upstream_time_to_first_token_seconds",
      "Time from sending an attempt to its first token (streams) or its response headers",
      GEN_AI_TTFT_BUCKETS,
      registry
    );
  }

  /** Records one settled attempt. */
  observe(a: AttemptRecord): void {
    const outcome = a.cancelled ? "cancelled" : a.ok ? "ok" : (a.errorClass ?? "error");
    const stream = a.stream ? "true" : "false";
    const key = `${a.endpoint}\u0000${stream}\u0000${outcome}`;
    let b = this.bound.get(key);
    if (!b) b = this.bind(key, a.endpoint, stream, outcome);
    b.duration.observe(a.durationMs / 1000);
    if (a.firstByteMs !== null) b.ttft.observe(a.firstByteMs / 1000);
  }

  private bind(key: string, endpoint: string, stream: string, outcome: string): Bound {
    const ttftKey = `${endpoint}\u0000${stream}`;
    let ttft = this.ttftSeries.get(ttftKey);
    if (!ttft) this.ttftSeries.set(ttftKey, (ttft = this.ttft.series({ endpoint, stream })));
    const duration = this.duration.series({
      gen_ai_operation_name: "chat",
      endpoint,
      stream,
      error_type: outcome === "ok" ? "" : outcome,
    });
    const b = { endpoint, stream, outcome, duration, ttft };
    this.bound.set(key, b);
    return b;
  }
}
