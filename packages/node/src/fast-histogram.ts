import { LabelledHistogram, type HistogramSeries, type MetricRegistry } from "@faultline/core";

/**
 * A histogram with one fixed label set, cheap enough to observe once per generated token (core's
 * LabelledHistogram with its single series kept here).
 */
export class FastHistogram extends LabelledHistogram {
  private readonly only: HistogramSeries;

  constructor(
    name: string,
    help: string,
    buckets: readonly number[],
    labels: Readonly<Record<string, string>>,
    registry: MetricRegistry
  ) {
    super(name, help, buckets, registry);
    this.only = this.series(labels);
  }

  /** Records one value. */
  observe(value: number): void {
    this.only.observe(value);
  }
}
