/** A ring of recent first-byte latencies: the running p95 for hedging and an EWMA for latency-aware routing. */
export class LatencyTracker {
  private readonly ring: Float64Array;
  private count = 0;
  private next = 0;
  /** Exponentially weighted moving average of the first-byte latency. */
  ewma = 0;

  constructor(size = 256) {
    this.ring = new Float64Array(size);
  }

  /** Records one first-byte latency in milliseconds. */
  record(ms: number): void {
    this.ring[this.next] = ms;
    this.next = (this.next + 1) % this.ring.length;
    if (this.count < this.ring.length) this.count += 1;
    this.ewma = this.count === 1 ? ms : this.ewma * 0.9 + ms * 0.1;
  }

  /** The p95 of the recent window, or null with fewer than 20 samples. */
  p95(): number | null {
    if (this.count < 20) return null;
    const sorted = Array.from(this.ring.subarray(0, this.count)).sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
  }
}
