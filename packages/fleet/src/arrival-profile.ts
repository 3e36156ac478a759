/** Hours in the week the profile repeats over. */
const WEEK = 168;

/**
 * Non-homogeneous incident arrivals by time warping: a provider's gaps are drawn in operational hours (where the
 * rate is flat) and mapped to wall hours through the cumulative weekly intensity, normalised to a mean of 1 so the
 * long-run incident rate is the one the gap distribution states. Exact for any gap distribution, no thinning loop.
 */
export class ArrivalProfile {
  /** Intensity of each hour of the week (Monday 00:00 UTC first), mean 1. */
  private readonly rate: Float64Array;
  /** Operational hours elapsed at the start of each hour of the week. */
  private readonly cumulative: Float64Array;

  constructor(weekday: readonly number[], hour: readonly number[]) {
    const raw = new Float64Array(WEEK);
    for (let h = 0; h < WEEK; h++) raw[h] = weekday[Math.floor(h / 24)]! * hour[h % 24]!;
    const meanRate = raw.reduce((a, b) => a + b, 0) / WEEK;
    this.rate = raw.map((r) => r / meanRate);
    this.cumulative = new Float64Array(WEEK + 1);
    for (let h = 0; h < WEEK; h++) this.cumulative[h + 1] = this.cumulative[h]! + this.rate[h]!;
  }

  /** The wall time at which `operationalHours` of intensity have passed after wall time `from`. */
  advance(from: number, operationalHours: number): number {
    const weeks = Math.floor(from / WEEK);
    let slot = Math.floor(from - weeks * WEEK);
    const within = from - weeks * WEEK - slot;
    // Operational position of `from`, then walk forward to the target.
    let target = this.cumulative[slot]! + within * this.rate[slot]! + operationalHours;
    let base = weeks * WEEK;
    const whole = Math.floor(target / WEEK);
    target -= whole * WEEK;
    base += whole * WEEK;
    slot = 0;
    // Binary search for the hour of the week that holds the target.
    let lo = 0;
    let hi = WEEK;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! <= target) lo = mid;
      else hi = mid;
    }
    slot = lo;
    return base + slot + (target - this.cumulative[slot]!) / this.rate[slot]!;
  }
}
