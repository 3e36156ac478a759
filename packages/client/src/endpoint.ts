import { jurisdictionTags, type RoutingEventKind } from "@faultline/contracts";
import { Client } from "undici";
import { ConnectionPool } from "./connection-pool.js";
import type { Clock } from "@faultline/core";
import type { ClientOptions } from "./defaults.js";
import type { EndpointConfig, RoutingEvent } from "./types.js";
import { CircuitBreaker } from "./policies/breaker.js";
import { OutlierDetector } from "./policies/outlier.js";
import { LatencyTracker } from "./policies/latency.js";
import { ConcurrencyLimit } from "./policies/concurrency-limit.js";

/** Emits one routing event; the client fills in the time. */
export type Emit = (kind: RoutingEventKind, e: Omit<RoutingEvent, "t" | "kind">) => void;

/**
 * The live state of one upstream: its keep-alive connection pool, health,
 * breaker, outlier window, latency and rate-limit cooldown.
 */
export class Endpoint {
  readonly name: string;
  readonly index: number;
  readonly origin: string;
  readonly completionsPath: string;
  /** Where OpenAI's Responses API is served (beside chat completions, under the same base URL). */
  readonly responsesPath: string;
  readonly model: string | undefined;
  readonly maxContextTokens: number;
  readonly supportsPrefill: boolean;
  /** Residency tags, lower case; empty when the endpoint declares none. */
  readonly jurisdiction: readonly string[];
  /** Degradation tier of its answers (`full` unless the config says otherwise). */
  readonly tier: string;
  /** The most tokens an answer here may have (a degraded endpoint's shorter answers); 0 = the request's own limit. */
  readonly maxTokens: number;
  readonly headers: Record<string, string>;
  readonly pool: ConnectionPool;
  readonly healthClient: Client;
  readonly breaker: CircuitBreaker;
  readonly outlier: OutlierDetector;
  readonly latency = new LatencyTracker();
  /** How many attempts it may hold at once, learned from its latency (adaptiveConcurrency). */
  readonly concurrency: ConcurrencyLimit;
  healthy = true;
  /** Since when the endpoint has been continuously available (-Infinity: since the start). */
  availableSince = -Infinity;
  /** Since when it has been continuously unavailable, or null. */
  unavailableSince: number | null = null;
  /** Whether routing counts it in (the router decides; health checks watch an endpoint out of it more closely). */
  inRotation = true;
  /** Flaps remembered: each lengthens the stability window it must wait out (routing/stability.ts). */
  flaps = 0;
  /** Since when flaps are being forgotten (it rejoined, or last forgot one). */
  calmSince = 0;
  cooldownUntil = 0;
  rateLimitStreak = 0;
  inflight = 0;
  readonly counters = { attempts: 0, successes: 0, failures: 0, rateLimited: 0 };

  constructor(
    config: EndpointConfig,
    index: number,
    options: ClientOptions,
    private readonly clock: Clock,
    private readonly emit: Emit,
    openPool: (origin: string) => ConnectionPool = (origin) => new ConnectionPool(origin)
  ) {
    const url = new URL(config.url);
    this.name = config.name;
    this.index = index;
    this.origin = url.origin;
    this.completionsPath = `${url.pathname.replace(/\/$/, "")}/chat/completions`;
    this.responsesPath = `${url.pathname.replace(/\/$/, "")}/responses`;
    this.model = config.model;
    this.maxContextTokens = config.maxContextTokens ?? 0;
    this.supportsPrefill = config.supportsPrefill ?? false;
    this.jurisdiction = jurisdictionTags(config.jurisdiction);
    this.tier = config.tier ?? "full";
    this.maxTokens = config.maxTokens ?? 0;
    this.headers = { "content-type": "application/json" };
    const key = config.apiKeyEnv ? process.env[config.apiKeyEnv] : undefined;
    if (key) this.headers.authorization = `Bearer ${key}`;
    // Keep-alive pool: no TCP/TLS handshake on the request path (connection-hand-off.ts).
    this.pool = openPool(this.origin);
    // Health checks get their own connection: a saturated request pool must not make a healthy node look dead.
    this.healthClient = new Client(this.origin, { keepAliveTimeout: 30_000 });
    this.outlier = new OutlierDetector(options);
    this.concurrency = new ConcurrencyLimit(clock);
    this.breaker = new CircuitBreaker(options, clock, (from, to, reason) => {
      if (to === "closed") this.outlier.reset();
      this.refreshAvailability();
      emit("breaker", { endpoint: this.name, from, to, reason });
    });
  }

  /** Whether routing may send to it now: healthy, breaker not open, not cooling down after a 429. */
  isAvailable(now: number): boolean {
    return this.healthy && this.breaker.wouldPass() && now >= this.cooldownUntil;
  }

  /** Records a health transition decided by the health checker. */
  setHealthy(healthy: boolean, reason: string): void {
    if (healthy === this.healthy) return;
    this.healthy = healthy;
    this.refreshAvailability();
    this.emit("health", {
      endpoint: this.name,
      from: healthy ? "unhealthy" : "healthy",
      to: healthy ? "healthy" : "unhealthy",
      reason,
    });
  }

  /** Keeps availableSince/unavailableSince in step with health and breaker state. */
  refreshAvailability(): void {
    const now = this.clock.now();
    const up = this.healthy && this.breaker.state !== "open";
    if (up && this.unavailableSince !== null) {
      this.unavailableSince = null;
      this.availableSince = now;
    } else if (!up && this.unavailableSince === null) {
      // Lost again while waiting to rejoin: the recovery did not hold.
      if (!this.inRotation) this.flaps += 1;
      this.unavailableSince = now;
      this.availableSince = Infinity;
    }
  }

  /**
   * A failed health check while it waits to rejoin: one is not enough to call it unhealthy
   * (hysteresis), but the window must be passed on evidence, so it starts again, longer.
   */
  probeFailed(): void {
    if (this.inRotation || this.unavailableSince !== null) return;
    this.flaps += 1;
    this.availableSince = this.clock.now();
  }

  /** Notes a 429: waits Retry-After when given, else a cooldown that doubles while 429s continue. */
  rateLimited(retryAfterMs: number | null, options: ClientOptions): number {
    this.counters.rateLimited += 1;
    const wait =
      retryAfterMs ?? Math.min(options.rateLimitMaxCooldownMs, options.rateLimitCooldownMs * 2 ** this.rateLimitStreak);
    this.rateLimitStreak += 1;
    if (options.rateLimitCooldown) this.cooldownUntil = Math.max(this.cooldownUntil, this.clock.now() + wait);
    return wait;
  }

  /**
   * Keeps traffic off the endpoint for `ms`, whatever `rateLimitCooldown` says: after a quota error (no wait within a
   * request fixes it) or while its provider says it is overloaded as a whole.
   */
  rest(ms: number): void {
    this.cooldownUntil = Math.max(this.cooldownUntil, this.clock.now() + ms);
  }

  /** A JSON snapshot for /status. */
  snapshot(now: number): Record<string, unknown> {
    return {
      name: this.name,
      origin: this.origin,
      healthy: this.healthy,
      available: this.isAvailable(now),
      breaker: this.breaker.state,
      breakerTrips: this.breaker.trips,
      inRotation: this.inRotation,
      flaps: this.flaps,
      cooldownMs: Math.max(0, this.cooldownUntil - now),
      inflight: this.inflight,
      latencyEwmaMs: this.latency.ewma,
      p95Ms: this.latency.p95(),
      ...this.counters,
    };
  }
}
