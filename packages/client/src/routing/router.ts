import type { ClientOptions } from "../defaults.js";
import type { Emit, Endpoint } from "../endpoint.js";
import { forgetFlaps, stabilityWindowMs } from "./stability.js";

/**
 * Decides which endpoints carry traffic. An endpoint leaves the rotation once
 * it has been unavailable for the failover delay (0 for automatic strategies,
 * the operator's detection + reaction time for manual), and rejoins only
 * after staying available for its stability window (hysteresis), which grows
 * with each flap (routing/stability.ts); its share then ramps up over the
 * slow-start window instead of jumping back.
 */
export class Router {
  private readonly joinedAt: number[];
  private preferred: Endpoint;
  private readonly failoverDelayMs: number;
  private readonly single: Endpoint[];

  constructor(
    private readonly endpoints: readonly Endpoint[],
    private readonly options: ClientOptions,
    private readonly emit: Emit,
    private readonly random: () => number
  ) {
    this.joinedAt = endpoints.map(() => -Infinity);
    this.preferred = endpoints[0]!;
    this.single = [endpoints[0]!];
    this.orders = endpoints.map((first) => [first, ...endpoints.filter((e) => e !== first)]);
    this.failoverDelayMs = options.failoverDelayMs + options.detectionDelayMs + options.reactionMs;
  }

  /** The endpoint that priority routing currently sends to first. */
  get active(): Endpoint {
    return this.preferred;
  }

  /** Re-evaluates the rotation; emits failover and failback events on changes. */
  update(now: number): void {
    for (const e of this.endpoints) {
      const i = e.index;
      if (e.inRotation) {
        forgetFlaps(e, now, this.options);
        if (e.unavailableSince !== null && now - e.unavailableSince >= this.failoverDelayMs) {
          e.inRotation = false;
          // Back in the rotation, then out again before a calm period: a flap.
          if (now - this.joinedAt[i]! < this.options.flapMemoryMs) e.flaps += 1;
          if (this.options.routing !== "priority")
            this.emit("failover", {
              endpoint: e.name,
              from: e.name,
              to: null,
              reason: "left the rotation: unavailable",
            });
        }
      } else if (e.unavailableSince === null && now - e.availableSince >= stabilityWindowMs(e, this.options)) {
        e.inRotation = true;
        this.joinedAt[i] = now;
        e.calmSince = now;
        if (this.options.routing !== "priority")
          this.emit("failback", {
            endpoint: e.name,
            from: null,
            to: e.name,
            reason: `available for ${Math.round(now - e.availableSince)} ms`,
          });
      }
    }
    if (this.options.routing === "priority" || this.options.routing === "single") this.updatePreferred(now);
  }

  /** Share of its full traffic a rejoined endpoint gets now (slow start), 0..1. */
  rampFactor(e: Endpoint, now: number): number {
    if (!e.inRotation) return 0;
    const ms = this.options.slowStartMs;
    return ms <= 0 ? 1 : Math.min(1, Math.max(0.05, (now - this.joinedAt[e.index]!) / ms));
  }

  /** Endpoints in the order this request should try them. */
  order(now: number): Endpoint[] {
    this.update(now);
    if (this.options.routing === "single") return this.single;
    const first =
      this.options.routing === "priority"
        ? this.pickPriority(now)
        : this.options.routing === "weighted"
          ? this.pickWeighted(now)
          : this.pickLatency(now);
    const probe = this.probeCandidate(first);
    if (!probe) return this.orders[first.index]!;
    return [probe, first, ...this.endpoints.filter((e) => e !== first && e !== probe)];
  }

  /** For each endpoint, it first and the rest in priority order: built once, the request path only reads them. */
  private readonly orders: Endpoint[][];

  private updatePreferred(now: number): void {
    let next = this.preferred;
    for (const e of this.endpoints)
      if (e.inRotation) {
        next = e;
        break;
      }
    if (next === this.preferred) return;
    const from = this.preferred;
    this.preferred = next;
    if (next.index < from.index) {
      this.emit("failback", {
        endpoint: next.name,
        from: from.name,
        to: next.name,
        reason:
          `stable for ${Math.round(now - next.availableSince)} ms ` +
          `(window ${stabilityWindowMs(next, this.options)} ms, ${next.flaps} flaps remembered); ` +
          `ramping over ${this.options.slowStartMs} ms`,
      });
    } else {
      const why = !from.healthy
        ? "health checks failed"
        : from.breaker.state !== "closed"
          ? `breaker ${from.breaker.state}`
          : "unavailable";
      this.emit("failover", { endpoint: from.name, from: from.name, to: next.name, reason: why });
    }
    void now;
  }

  private pickPriority(now: number): Endpoint {
    const p = this.preferred;
    const factor = this.rampFactor(p, now);
    if (factor >= 1 || this.random() < factor) return p;
    // During slow start the rest of the traffic stays where it was.
    return this.endpoints.find((e) => e !== p && e.inRotation && e.isAvailable(now)) ?? p;
  }

  private pickWeighted(now: number): Endpoint {
    let total = 0;
    const weights = this.endpoints.map((e) => {
      const w = e.isAvailable(now) ? (this.options.weights[e.name] ?? 1) * this.rampFactor(e, now) : 0;
      total += w;
      return w;
    });
    if (total <= 0) return this.endpoints[0]!;
    let r = this.random() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return this.endpoints[i]!;
    }
    return this.endpoints[this.endpoints.length - 1]!;
  }

  private pickLatency(now: number): Endpoint {
    let best = this.endpoints[0]!;
    let bestScore = Infinity;
    for (const e of this.endpoints) {
      const factor = this.rampFactor(e, now);
      if (!e.isAvailable(now) || factor === 0) continue;
      const score = ((e.latency.ewma || 1) * (e.inflight + 1)) / factor;
      if (score < bestScore) {
        bestScore = score;
        best = e;
      }
    }
    return best;
  }

  /**
   * Without health checks, a higher-priority endpoint whose breaker waits for a half-open probe gets this request as
   * the probe.
   */
  private probeCandidate(first: Endpoint): Endpoint | null {
    // With health checks, they probe (health-checker.ts).
    if (!this.options.breaker || this.options.healthChecks) return null;
    for (const e of this.endpoints) {
      if (e.index >= first.index) return null;
      if (e.healthy && e.breaker.state !== "closed" && e.breaker.wouldPass()) return e;
    }
    return null;
  }
}
