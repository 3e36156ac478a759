import type { Clock } from "@faultline/core";

/** closed: traffic flows; open: rejected until the open time ends; half_open: a few probes decide. */
export type BreakerState = "closed" | "open" | "half_open";

/** Circuit breaker settings. */
export interface BreakerSettings {
  readonly breakerOpenMs: number;
  readonly breakerMaxOpenMs: number;
  readonly breakerBackoffFactor: number;
  readonly halfOpenProbes: number;
}

/**
 * One endpoint's circuit breaker. Unlike LiteLLM's flat cooldown it has a
 * half-open state (a bounded number of probes), and its open time grows on
 * repeated trips, like Envoy's ejection multiplier.
 */
export class CircuitBreaker {
  state: BreakerState = "closed";
  /**
   * Trips in a row: reset only once the breaker has stayed closed for breakerMaxOpenMs, so a flapping endpoint's open
   * time keeps growing.
   */
  trips = 0;
  private closedAt = -Infinity;
  openUntil = 0;
  private probes = 0;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly clock: Clock,
    private readonly onTransition: (from: BreakerState, to: BreakerState, reason: string) => void
  ) {}

  /** Whether a request may go through now; in half-open, takes one probe slot. */
  tryPass(): boolean {
    if (this.state === "closed") return true;
    if (this.state === "open") {
      if (this.clock.now() < this.openUntil) return false;
      this.move("half_open", "open time elapsed");
    }
    if (this.probes >= this.settings.halfOpenProbes) return false;
    this.probes += 1;
    return true;
  }

  /** Whether tryPass would let a request through, without taking a probe slot. */
  wouldPass(): boolean {
    if (this.state === "closed") return true;
    if (this.state === "open") return this.clock.now() >= this.openUntil;
    return this.probes < this.settings.halfOpenProbes;
  }

  /** A request that passed succeeded. */
  onSuccess(): void {
    if (this.state !== "half_open") return;
    this.probes = Math.max(0, this.probes - 1);
    this.closedAt = this.clock.now();
    this.move("closed", "probe succeeded");
  }

  /** A request that passed ended without saying anything about the endpoint (cancelled, rate-limited). */
  onNeutral(): void {
    if (this.state === "half_open") this.probes = Math.max(0, this.probes - 1);
  }

  /** A request that passed failed; `ejectReason` is set when outlier detection says to trip. */
  onFailure(ejectReason: string | null): void {
    if (this.state === "half_open") {
      this.probes = Math.max(0, this.probes - 1);
      this.trip("probe failed");
      return;
    }
    if (this.state === "closed" && ejectReason) this.trip(ejectReason);
  }

  /** Milliseconds the breaker will stay open after the current trip. */
  currentOpenMs(): number {
    const s = this.settings;
    return Math.min(s.breakerMaxOpenMs, s.breakerOpenMs * s.breakerBackoffFactor ** Math.max(0, this.trips - 1));
  }

  private trip(reason: string): void {
    if (this.state === "closed" && this.clock.now() - this.closedAt >= this.settings.breakerMaxOpenMs) this.trips = 0;
    this.trips += 1;
    this.openUntil = this.clock.now() + this.currentOpenMs();
    this.probes = 0;
    this.move("open", reason);
  }

  private move(to: BreakerState, reason: string): void {
    const from = this.state;
    this.state = to;
    this.onTransition(from, to, reason);
  }
}
