import type { Random } from "@faultline/core";
import type { LoadSpec } from "@faultline/scenario";

/**
 * The open-model arrival schedule: the send time of each request is fixed by
 * the rate alone, never by how fast earlier requests came back. Latency is
 * measured from these times, so a stall cannot hide itself (coordinated
 * omission, as wrk2 and k6's arrival-rate executors avoid it).
 */
export class ArrivalSchedule {
  private nextAt = 0;

  constructor(private readonly load: LoadSpec, private readonly durationMs: number, private readonly random: Random) {
    this.nextAt = this.gap(0);
  }

  /** Requests per second at time t (linear ramp from rate to rateEnd). */
  rateAt(t: number): number {
    const f = this.durationMs > 0 ? Math.min(1, t / this.durationMs) : 0;
    return this.load.rate + (this.load.rateEnd - this.load.rate) * f;
  }

  private gap(t: number): number {
    const mean = 1000 / Math.max(this.rateAt(t), 1e-6);
    return this.load.arrival === "poisson" ? this.random.exponential(mean) : mean;
  }

  /** The scheduled time of the next arrival, or Infinity after the end. */
  peek(): number {
    return this.nextAt < this.durationMs ? this.nextAt : Infinity;
  }

  /** Consumes the next arrival and returns its scheduled time. */
  take(): number {
    const t = this.nextAt;
    this.nextAt = t + this.gap(t);
    return t;
  }
}
