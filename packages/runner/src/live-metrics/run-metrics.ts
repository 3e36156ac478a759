import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { RequestRow } from "@faultline/eventlog";
import type { RoutingEvent } from "@faultline/client";
import type { PassView } from "./pass-view.js";
import { registerPassGauges } from "./pass-gauges.js";

/** End-to-end latency buckets (seconds): from a zero-latency node to a request that waits out its deadline. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The run's own Prometheus metrics: the load generator's outcomes and latency
 * (fed per finished request), routing events (fed per event), and gauges read
 * from the pass in progress at scrape time (pass-gauges.ts). Labelled by
 * `system`, so passes of several strategies or black boxes sit side by side.
 */
export class RunMetrics {
  /** The runner's registry; the server adds the nodes' pages to it. */
  readonly registry = new Registry();
  /** The pass in progress, or null between passes. */
  current: PassView | null = null;
  private readonly requests: Counter<"system" | "outcome">;
  private readonly duration: Histogram<"system" | "stream">;
  private readonly ttft: Histogram<"system">;
  private readonly routing: Counter<"system" | "kind" | "endpoint">;

  constructor(scenario: string, runId: string) {
    const registers = [this.registry];
    new Gauge({
      name: "faultline_run_info",
      help: "The run being played",
      labelNames: ["scenario", "run_id"],
      registers,
    }).set({ scenario, run_id: runId }, 1);
    this.requests = new Counter({
      name: "faultline_run_requests_total",
      help: "Load requests answered, by system and outcome (ok, or the failure class)",
      labelNames: ["system", "outcome"],
      registers,
    });
    this.duration = new Histogram({
      name: "faultline_run_request_duration_seconds",
      help: "Load request latency from its scheduled send to its last byte",
      labelNames: ["system", "stream"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.ttft = new Histogram({
      name: "faultline_run_time_to_first_token_seconds",
      help: "Streamed load requests: scheduled send to first token",
      labelNames: ["system"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.routing = new Counter({
      name: "faultline_run_routing_events_total",
      help: "Routing events of faultline's client, by system, kind and endpoint",
      labelNames: ["system", "kind", "endpoint"],
      registers,
    });
    registerPassGauges(this.registry, () => this.current);
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records one finished load request (the row the events.db gets). */
  onRequest(row: RequestRow): void {
    const system = row.strategy;
    this.requests.inc({ system, outcome: row.ok ? "ok" : (row.error_class ?? "error") });
    this.duration.observe({ system, stream: row.stream ? "true" : "false" }, (row.end_ms - row.scheduled_ms) / 1000);
    if (row.stream && row.first_byte_ms !== null)
      this.ttft.observe({ system }, (row.first_byte_ms - row.scheduled_ms) / 1000);
  }

  /** Counts one routing event of a preset's client. */
  onRoutingEvent(system: string, e: RoutingEvent): void {
    this.routing.inc({ system, kind: e.kind, endpoint: e.endpoint ?? e.from ?? "none" });
  }
}
