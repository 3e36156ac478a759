import * as hdr from "hdr-histogram-js";
import { FLEET_DEFAULTS } from "./defaults.js";
import { DOWNTIME_CAUSES, type DowntimeCause, type MonthTally } from "./month-tally.js";

const HOUR_MS = 3_600_000;

/** A MonthStream as it crosses from a worker thread: sums, and the histograms compressed. */
export interface MonthStreamJson {
  months: number;
  sums: Sums;
  downtimeMs: string;
  incidents: string;
}

interface Sums {
  downtimeH: number;
  downtimeSqH: number;
  byCause: Record<DowntimeCause, number>;
  incidents: number;
  degradedH: number;
  unitDownH: number[];
  monthsWithDowntime: number;
  /** Batch means of monthly downtime (FLEET_DEFAULTS.ciBatchMonths months each): count, Σ mean, Σ mean². */
  batches: number;
  batchMeanH: number;
  batchMeanSqH: number;
}

/**
 * The results of many months in bounded memory: the monthly downtime and incident counts go into HDR histograms
 * (3 significant digits) and everything else into running sums. Nothing per month is kept, so a million months
 * cost what a thousand do.
 */
export class MonthStream {
  months = 0;
  readonly downtimeMs: hdr.Histogram;
  readonly incidents: hdr.Histogram;
  sums: Sums;
  private batchH = 0;
  private batchMonths = 0;

  constructor(
    readonly monthHours: number,
    chainLength: number
  ) {
    this.downtimeMs = newHistogram(monthHours * HOUR_MS);
    this.incidents = newHistogram(1_000_000);
    this.sums = {
      downtimeH: 0,
      downtimeSqH: 0,
      byCause: Object.fromEntries(DOWNTIME_CAUSES.map((c) => [c, 0])) as Record<DowntimeCause, number>,
      incidents: 0,
      degradedH: 0,
      unitDownH: new Array<number>(chainLength).fill(0),
      monthsWithDowntime: 0,
      batches: 0,
      batchMeanH: 0,
      batchMeanSqH: 0,
    };
  }

  /** Streams one month in. */
  add(t: MonthTally): void {
    this.months++;
    this.downtimeMs.recordValue(Math.round(t.downtimeH * HOUR_MS));
    this.incidents.recordValue(t.incidents);
    const s = this.sums;
    s.downtimeH += t.downtimeH;
    s.downtimeSqH += t.downtimeH * t.downtimeH;
    for (const c of DOWNTIME_CAUSES) s.byCause[c] += t.byCause[c];
    s.incidents += t.incidents;
    s.degradedH += t.degradedH;
    if (t.downtimeH > 0) s.monthsWithDowntime++;
    // A partial batch at the chunk's end is left out of the CI (the mean itself counts every month).
    this.batchH += t.downtimeH;
    if (++this.batchMonths === FLEET_DEFAULTS.ciBatchMonths) {
      const m = this.batchH / this.batchMonths;
      s.batches++;
      s.batchMeanH += m;
      s.batchMeanSqH += m * m;
      this.batchH = 0;
      this.batchMonths = 0;
    }
    t.unitDownH.forEach((h, i) => (s.unitDownH[i]! += h));
  }

  /** Adds another stream (another worker's chunk) into this one. */
  merge(o: MonthStreamJson): void {
    this.months += o.months;
    this.downtimeMs.add(hdr.decodeFromCompressedBase64(o.downtimeMs));
    this.incidents.add(hdr.decodeFromCompressedBase64(o.incidents));
    const s = this.sums;
    s.downtimeH += o.sums.downtimeH;
    s.downtimeSqH += o.sums.downtimeSqH;
    for (const c of DOWNTIME_CAUSES) s.byCause[c] += o.sums.byCause[c];
    s.incidents += o.sums.incidents;
    s.degradedH += o.sums.degradedH;
    s.monthsWithDowntime += o.sums.monthsWithDowntime;
    s.batches += o.sums.batches;
    s.batchMeanH += o.sums.batchMeanH;
    s.batchMeanSqH += o.sums.batchMeanSqH;
    o.sums.unitDownH.forEach((h, i) => (s.unitDownH[i]! += h));
  }

  /** The stream as plain JSON, for postMessage. */
  toJSON(): MonthStreamJson {
    return {
      months: this.months,
      sums: this.sums,
      downtimeMs: hdr.encodeIntoCompressedBase64(this.downtimeMs),
      incidents: hdr.encodeIntoCompressedBase64(this.incidents),
    };
  }
}

function newHistogram(highest: number): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: Math.max(2, Math.ceil(highest)),
    numberOfSignificantValueDigits: 3,
  });
}
