import { SCENARIO_LIMITS } from "@faultline/scenario";
/**
 * Success and failure counts over the last few seconds, in one-second
 * buckets: what the live progress line and the stop conditions read.
 */
export class OutcomeWindow {
  private readonly ok: number[];
  private readonly failed: number[];
  private lastSecond = 0;

  constructor(private readonly seconds = SCENARIO_LIMITS.stopWindowMs / 1000) {
    this.ok = new Array(seconds).fill(0);
    this.failed = new Array(seconds).fill(0);
  }

  private advance(second: number): void {
    if (second <= this.lastSecond) return;
    const steps = Math.min(second - this.lastSecond, this.seconds);
    for (let i = 1; i <= steps; i++) {
      const slot = (this.lastSecond + i) % this.seconds;
      this.ok[slot] = 0;
      this.failed[slot] = 0;
    }
    this.lastSecond = second;
  }

  /** Counts one outcome at time `tMs`. */
  record(tMs: number, ok: boolean): void {
    const second = Math.floor(tMs / 1000);
    this.advance(second);
    if (second < this.lastSecond - this.seconds + 1) return;
    const slot = second % this.seconds;
    if (ok) this.ok[slot]!++;
    else this.failed[slot]!++;
  }

  /** Totals over the last `windowMs` ending at `nowMs`. */
  totals(nowMs: number, windowMs: number): { ok: number; failed: number } {
    const now = Math.floor(nowMs / 1000);
    this.advance(now);
    const n = Math.min(this.seconds, Math.max(1, Math.ceil(windowMs / 1000)));
    let ok = 0;
    let failed = 0;
    for (let s = now - n + 1; s <= now; s++) {
      if (s < 0) continue;
      ok += this.ok[s % this.seconds]!;
      failed += this.failed[s % this.seconds]!;
    }
    return { ok, failed };
  }
}
