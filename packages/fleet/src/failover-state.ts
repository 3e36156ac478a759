import type { Random } from "@faultline/core";
import { EVENT } from "./event-kinds.js";
import type { DowntimeCause } from "./month-tally.js";
import type { FailoverLayer } from "./types.js";

const SERVING = 0;
const DETECTING = 1;
const STUCK = 2;
const EXHAUSTED = 3;

/**
 * The failover layer under study, as a state machine over the chain: it serves from one unit, notices an impaired
 * unit after the detection latency, fails over (or, with 1 − success, stays until the unit recovers), rides out a
 * total outage on the least impaired unit, and fails back after the failback time. Timers carry a generation, so a
 * timer made stale by a recovery is ignored when it fires.
 */
export class FailoverState {
  /** Chain position of the unit traffic goes to. */
  serving = 0;
  private phase = SERVING;
  private generation = 0;
  private failbackPending = false;

  constructor(
    private readonly layer: FailoverLayer,
    private readonly errorShare: (unit: number) => number,
    private readonly schedule: (t: number, kind: number, a: number) => void,
    private readonly rng: Random
  ) {}

  /** The unit traffic goes to. */
  get servingUnit(): number {
    return this.layer.chain[this.serving]!;
  }

  /** Moves to the state the units now call for; called after every event. */
  reroute(now: number): void {
    const down = this.errorShare(this.servingUnit) > 0;
    if (this.phase === SERVING && down) {
      this.phase = DETECTING;
      this.schedule(now + this.layer.detectionHours, EVENT.DETECTED, ++this.generation);
    } else if (this.phase === DETECTING && !down) {
      this.phase = SERVING;
      this.generation++;
    } else if (this.phase === STUCK && !down) this.phase = SERVING;
    else if (this.phase === EXHAUSTED) {
      const healthy = this.firstHealthy();
      if (healthy >= 0) {
        this.serving = healthy;
        this.phase = SERVING;
      } else this.serving = this.leastImpaired();
    }
    if (this.phase === SERVING && !this.failbackPending) {
      const healthy = this.firstHealthy();
      if (healthy >= 0 && healthy < this.serving) {
        this.failbackPending = true;
        this.schedule(now + this.layer.failbackHours, EVENT.FAILBACK, 0);
      }
    }
  }

  /** The detection timer fired: fail over, or get stuck with probability 1 − success. */
  detected(generation: number): void {
    if (generation !== this.generation || this.phase !== DETECTING) return;
    if (this.rng.next() >= this.layer.success) {
      this.phase = STUCK;
      return;
    }
    const healthy = this.firstHealthy();
    if (healthy >= 0) {
      this.serving = healthy;
      this.phase = SERVING;
    } else {
      this.serving = this.leastImpaired();
      this.phase = EXHAUSTED;
    }
  }

  /** The failback timer fired: return to the highest healthy unit above the serving one. */
  failback(): void {
    this.failbackPending = false;
    if (this.phase !== SERVING) return;
    const healthy = this.firstHealthy();
    if (healthy >= 0 && healthy < this.serving) this.serving = healthy;
  }

  /** Why requests fail right now; `correlated` tells whether any chain impairment is shared (β or spread). */
  cause(correlated: () => boolean): DowntimeCause {
    if (this.phase === DETECTING) return "detection";
    if (this.phase === STUCK) return "failedFailover";
    return correlated() ? "correlated" : "independent";
  }

  private firstHealthy(): number {
    const chain = this.layer.chain;
    for (let pos = 0; pos < chain.length; pos++) if (this.errorShare(chain[pos]!) === 0) return pos;
    return -1;
  }

  private leastImpaired(): number {
    const chain = this.layer.chain;
    let best = 0;
    for (let pos = 1; pos < chain.length; pos++)
      if (this.errorShare(chain[pos]!) < this.errorShare(chain[best]!)) best = pos;
    return best;
  }
}
