import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { AttemptRecord, FailoverClient, RoutingEvent } from "../types.js";
import { AttemptMetrics } from "./attempt-metrics.js";

interface EndpointStatus {
  name: string;
  healthy: boolean;
  breaker: string;
  inflight: number;
}
interface ClientStatus {
  endpoints: EndpointStatus[];
  budget: { active: number; retriesActive: number; limit: number; granted: number; refused: number };
}

const BREAKER_VALUE: Record<string, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * Prometheus metrics of one gateway: health, breakers, routing events by
 * endpoint, retry budget, request and per-attempt latency histograms, and
 * prom-client's process metrics.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly events: Counter<"kind" | "endpoint">;
  private readonly breakerTransitions: Counter<"endpoint" | "to">;
  private readonly attemptMetrics: AttemptMetrics;
  private readonly requests: Counter<"endpoint" | "outcome">;
  private readonly duration: Histogram<"endpoint">;
  private readonly attempts: Histogram;

  /** `processMetrics` adds prom-client's process_* and nodejs_* (the process's owner asks for them). */
  constructor(client: Pick<FailoverClient, "status">, processMetrics = false) {
    const registers = [this.registry];
    const status = () => client.status() as ClientStatus;
    new Gauge({
      name: "faultline_endpoint_healthy",
      help: "1 when the endpoint passes its health checks",
      labelNames: ["endpoint"],
      registers,
      collect() {
        for (const e of status().endpoints) this.set({ endpoint: e.name }, e.healthy ? 1 : 0);
      },
    });
    new Gauge({
      name: "faultline_breaker_state",
      help: "Circuit breaker state: 0 closed, 1 half-open, 2 open",
      labelNames: ["endpoint"],
      registers,
      collect() {
        for (const e of status().endpoints) this.set({ endpoint: e.name }, BREAKER_VALUE[e.breaker] ?? -1);
      },
    });
    new Gauge({
      name: "faultline_endpoint_inflight",
      help: "Attempts in flight per endpoint",
      labelNames: ["endpoint"],
      registers,
      collect() {
        for (const e of status().endpoints) this.set({ endpoint: e.name }, e.inflight);
      },
    });
    new Gauge({
      name: "faultline_retry_budget",
      help: "Retry budget: retries in flight, their limit, live requests",
      labelNames: ["figure"],
      registers,
      collect() {
        const b = status().budget;
        this.set({ figure: "retries_active" }, b.retriesActive);
        this.set({ figure: "limit" }, b.limit);
        this.set({ figure: "requests_active" }, b.active);
      },
    });
    new Counter({
      name: "faultline_retry_budget_refused_total",
      help: "Retries and hedges refused by the budget",
      registers,
      collect() {
        this.reset();
        this.inc(status().budget.refused);
      },
    });
    new Counter({
      name: "faultline_retry_budget_granted_total",
      help: "Retries and hedges the budget let through",
      registers,
      collect() {
        this.reset();
        this.inc(status().budget.granted);
      },
    });
    this.events = new Counter({
      name: "faultline_routing_events_total",
      help: "Routing decisions by kind (failover, retry, hedge_start, ...) and the endpoint they concern",
      labelNames: ["kind", "endpoint"],
      registers,
    });
    this.breakerTransitions = new Counter({
      name: "faultline_breaker_transitions_total",
      help: "Breaker state changes by endpoint and the state entered (open is an ejection)",
      labelNames: ["endpoint", "to"],
      registers,
    });
    this.requests = new Counter({
      name: "faultline_requests_total",
      help: "Requests answered, by serving endpoint and outcome",
      labelNames: ["endpoint", "outcome"],
      registers,
    });
    this.duration = new Histogram({
      name: "faultline_request_duration_seconds",
      help: "End-to-end request latency through the gateway",
      labelNames: ["endpoint"],
      registers,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.attempts = new Histogram({
      name: "faultline_request_attempts",
      help: "Attempts per request",
      registers,
      buckets: [1, 2, 3, 4, 6],
    });
    this.attemptMetrics = new AttemptMetrics(this.registry);
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts a routing event; one with no endpoint (a failover names from/to) is counted under the endpoint left. */
  onEvent(e: RoutingEvent): void {
    const endpoint = e.endpoint ?? e.from ?? "none";
    this.events.inc({ kind: e.kind, endpoint });
    if (e.kind === "breaker" && e.to) this.breakerTransitions.inc({ endpoint, to: e.to });
  }

  /** Records one settled upstream attempt. */
  onAttempt(a: AttemptRecord): void {
    this.attemptMetrics.observe(a);
  }

  /** Records one finished request. */
  onRequest(endpoint: string | null, outcome: string, seconds: number, attempts: number): void {
    const name = endpoint ?? "none";
    // Label children are cached: prom-client hashes label objects on every call otherwise.
    const key = `${name}\u0000${outcome}`;
    let bound = this.bound.get(key);
    if (!bound) {
      bound = { requests: this.requests.labels(name, outcome), duration: this.duration.labels(name) };
      this.bound.set(key, bound);
    }
    bound.requests.inc();
    bound.duration.observe(seconds);
    this.attempts.observe(attempts);
  }

  private readonly bound = new Map<string, { requests: { inc(): void }; duration: { observe(v: number): void } }>();
}
