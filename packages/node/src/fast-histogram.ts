import type { Registry } from "prom-client";

/**
 * A Prometheus histogram cheap enough to observe once per generated token:
 * a bucket search over a short array and three number updates, no label
 * hashing. prom-client's Histogram costs more per observe than the zero
 * profile spends generating a token. It registers with a prom-client
 * Registry through the same get() contract prom-client's own metrics use, so
 * /metrics renders it alongside them.
 */
export class FastHistogram {
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;
  /** prom-client reads these fields when rendering. */
  readonly type = "histogram";
  readonly aggregator = "sum";

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
    private readonly labels: Readonly<Record<string, string>>,
    registry: Registry
  ) {
    this.counts = new Float64Array(buckets.length);
    registry.registerMetric(this as never);
  }

  /** Records one value. */
  observe(value: number): void {
    const b = this.buckets;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    if (i < b.length) this.counts[i]!++;
    this.sum += value;
    this.count++;
  }

  /** The metric in prom-client's MetricObject shape (cumulative buckets, +Inf, sum, count). */
  get(): {
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: { metricName: string; labels: Record<string, string | number>; value: number }[];
  } {
    const values = [];
    let cumulative = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      cumulative += this.counts[i]!;
      values.push({
        metricName: `${this.name}_bucket`,
        labels: { ...this.labels, le: this.buckets[i]! },
        value: cumulative,
      });
    }
    values.push({ metricName: `${this.name}_bucket`, labels: { ...this.labels, le: "+Inf" }, value: this.count });
    values.push({ metricName: `${this.name}_sum`, labels: { ...this.labels }, value: this.sum });
    values.push({ metricName: `${this.name}_count`, labels: { ...this.labels }, value: this.count });
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Clears the histogram (prom-client's reset contract). */
  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}
