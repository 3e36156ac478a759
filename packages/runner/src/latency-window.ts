import { SCENARIO_LIMITS } from "@faultline/scenario";
import hdr from "hdr-histogram-js";

type Histogram = ReturnType<typeof hdr.build>;

/** Milliseconds up to an hour at 1% precision: enough for a live p99, small enough to keep one per second. */
const build = (): Histogram =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: 2 });

/**
 * Latencies over the last few seconds, one histogram per second, merged on demand: what a `stop:` condition on a
 * percentile (p99, ttftP99) reads live. Like OutcomeWindow, it only feeds decisions during the run; every reported
 * figure is computed from events.db.
 */
export class LatencyWindow {
  private readonly slots: Histogram[];
  private readonly scratch = build();
  private lastSecond = 0;

  constructor(private readonly seconds = SCENARIO_LIMITS.stopWindowMs / 1000) {
    this.slots = Array.from({ length: seconds }, build);
  }

  private advance(second: number): void {
    if (second <= this.lastSecond) return;
    const steps = Math.min(second - this.lastSecond, this.seconds);
    for (let i = 1; i <= steps; i++) this.slots[(this.lastSecond + i) % this.seconds]!.reset();
    this.lastSecond = second;
  }

  /** Records one latency (ms) of a request that finished at `tMs`. */
  record(tMs: number, latencyMs: number): void {
    const second = Math.floor(tMs / 1000);
    this.advance(second);
    if (second < this.lastSecond - this.seconds + 1) return;
    this.slots[second % this.seconds]!.recordValue(Math.min(3_600_000, Math.max(1, Math.round(latencyMs))));
  }

  /** The `q` quantile (0..1) in ms over the last `windowMs` ending at `nowMs`; null with no sample. */
  quantile(nowMs: number, windowMs: number, q: number): number | null {
    const now = Math.floor(nowMs / 1000);
    this.advance(now);
    const n = Math.min(this.seconds, Math.max(1, Math.ceil(windowMs / 1000)));
    this.scratch.reset();
    for (let s = now - n + 1; s <= now; s++) if (s >= 0) this.scratch.add(this.slots[s % this.seconds]!);
    return this.scratch.totalCount === 0 ? null : this.scratch.getValueAtPercentile(q * 100);
  }
}
