/** What a histogram needs of a prom-client Registry (core does not depend on prom-client). */
export interface MetricRegistry {
  registerMetric(metric: never): void;
}

/** One label set of a LabelledHistogram: observe() is a bucket search and three number updates. */
export class HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly buckets: readonly number[]
  ) {
    this.counts = new Float64Array(buckets.length);
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
}

type Sample = { metricName: string; labels: Record<string, string | number>; value: number };

/**
 * A labelled Prometheus histogram cheap enough for every upstream attempt and every generated
 * token. A prom-client Histogram hashes its label set on every observe, even through a child from
 * labels(): about 1.2 µs an observation, on the gateway's and the node's hot paths. Callers keep
 * the series they observe into; the registry renders it through the same get() contract
 * prom-client's own metrics use.
 */
export class LabelledHistogram {
  /** prom-client reads these fields when rendering. */
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly all: HistogramSeries[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
    registry: MetricRegistry
  ) {
    registry.registerMetric(this as never);
  }

  /** A new series for one label set; the caller keeps it (one per label set). */
  series(labels: Readonly<Record<string, string>>): HistogramSeries {
    const s = new HistogramSeries(labels, this.buckets);
    this.all.push(s);
    return s;
  }

  /** The metric in prom-client's MetricObject shape (cumulative buckets, +Inf, sum, count). */
  get(): { name: string; help: string; type: string; aggregator: string; values: Sample[] } {
    const values: Sample[] = [];
    for (const s of this.all) {
      let cumulative = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cumulative += s.counts[i]!;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { ...s.labels, le: this.buckets[i]! },
          value: cumulative,
        });
      }
      values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le: "+Inf" }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels: { ...s.labels }, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: { ...s.labels }, value: s.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Clears every series (prom-client's reset contract). */
  reset(): void {
    for (const s of this.all) {
      s.counts.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
}
