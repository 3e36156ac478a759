/**
 * Passive outlier detection: watches real requests and says when an endpoint
 * should be ejected. Three signals: consecutive failures, a failure rate over
 * a sliding window with a minimum volume, and (upstream) a latency bound that
 * turns slow answers into failures.
 */
export interface OutlierSettings {
  readonly consecutiveFailures: number;
  readonly failureRateThreshold: number;
  readonly failureRateWindowMs: number;
  readonly failureRateMinVolume: number;
}

const BUCKETS = 10;

/** Counts outcomes in ten time buckets so the window slides without storing every request. */
export class OutlierDetector {
  private consecutive = 0;
  private readonly ok = new Array<number>(BUCKETS).fill(0);
  private readonly failed = new Array<number>(BUCKETS).fill(0);
  private readonly bucketStart = new Array<number>(BUCKETS).fill(-Infinity);
  private readonly bucketMs: number;

  constructor(private readonly settings: OutlierSettings) {
    this.bucketMs = Math.max(1, settings.failureRateWindowMs / BUCKETS);
  }

  /** Records one outcome; returns the reason to eject, or null. */
  record(success: boolean, now: number): string | null {
    const slot = Math.floor(now / this.bucketMs);
    const i = slot % BUCKETS;
    if (this.bucketStart[i] !== slot) {
      this.bucketStart[i] = slot;
      this.ok[i] = 0;
      this.failed[i] = 0;
    }
    if (success) {
      this.ok[i]! += 1;
      this.consecutive = 0;
      return null;
    }
    this.failed[i]! += 1;
    this.consecutive += 1;
    if (this.consecutive >= this.settings.consecutiveFailures) return `${this.consecutive} consecutive failures`;
    return this.rateReason(slot);
  }

  /** Forgets the history, e.g. when the breaker closes again. */
  reset(): void {
    this.consecutive = 0;
    this.bucketStart.fill(-Infinity);
  }

  private rateReason(slot: number): string | null {
    let ok = 0,
      failed = 0;
    for (let i = 0; i < BUCKETS; i++) {
      if (slot - this.bucketStart[i]! < BUCKETS) {
        ok += this.ok[i]!;
        failed += this.failed[i]!;
      }
    }
    const total = ok + failed;
    if (total < this.settings.failureRateMinVolume) return null;
    const rate = failed / total;
    return rate >= this.settings.failureRateThreshold
      ? `failure rate ${(rate * 100).toFixed(0)}% over ${total} requests`
      : null;
  }
}
