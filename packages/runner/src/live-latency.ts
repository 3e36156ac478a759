import hdr from "hdr-histogram-js";

/** The HDR histogram type the live panel reads. */
export type Histogram = ReturnType<typeof hdr.build>;

/**
 * An HDR histogram of request latency in microseconds (1 us to 1 h, 3
 * significant digits), recorded as requests finish: constant memory whatever
 * the run length. It feeds only the live progress panel; every figure in a
 * report is computed from events.db, so the two can never disagree there.
 */
export function liveLatencyHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}
