import type { Random } from "@faultline/core";
import type { LoadSpec } from "@faultline/scenario";

/** A source of send times, each arrival numbered by its place in the whole schedule. */
export interface Arrivals {
  /** The scheduled time of the next arrival, or Infinity after the end. */
  peek(): number;
  /** Consumes the next arrival and returns its scheduled time. */
  take(): number;
  /** The 0-based place in the whole schedule of the arrival take() returned last. */
  readonly lastIndex: number;
}

/**
 * The open-model arrival schedule: the send time of each request is fixed by
 * the rate alone, never by how fast earlier requests came back. Latency is
 * measured from these times, so a stall cannot hide itself (coordinated
 * omission, as wrk2 and k6's arrival-rate executors avoid it).
 */
export class ArrivalSchedule implements Arrivals {
  private nextAt = 0;
  lastIndex = -1;
  // Copied out of the LoadSpec: the warm-up's specs are spread copies of the scenario's, with
  // other hidden classes, and reading them here made V8 drop this code at the pass's start.
  private readonly rate: number;
  private readonly rateEnd: number;
  private readonly poisson: boolean;

  constructor(
    load: LoadSpec,
    private readonly durationMs: number,
    private readonly random: Random
  ) {
    this.rate = load.rate;
    this.rateEnd = load.rateEnd;
    this.poisson = load.arrival === "poisson";
    this.nextAt = this.gap(0);
  }

  /** Requests per second at time t (linear ramp from rate to rateEnd). */
  rateAt(t: number): number {
    const f = this.durationMs > 0 ? Math.min(1, t / this.durationMs) : 0;
    return this.rate + (this.rateEnd - this.rate) * f;
  }

  private gap(t: number): number {
    const mean = 1000 / Math.max(this.rateAt(t), 1e-6);
    return this.poisson ? this.random.exponential(mean) : mean;
  }

  /** The scheduled time of the next arrival, or Infinity after the end. */
  peek(): number {
    return this.nextAt < this.durationMs ? this.nextAt : Infinity;
  }

  /** Consumes the next arrival and returns its scheduled time. */
  take(): number {
    const t = this.nextAt;
    this.lastIndex++;
    this.nextAt = t + this.gap(t);
    return t;
  }
}

/** No arrivals at all: a load made only of conversations (sessions/session-driver.ts) has its own schedule. */
export const NO_ARRIVALS: Arrivals = Object.freeze({ peek: () => Infinity, take: () => Infinity, lastIndex: -1 });
