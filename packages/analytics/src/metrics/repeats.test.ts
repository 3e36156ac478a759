import { describe, expect, it } from "vitest";
import { repeatStat } from "./repeats.js";

const values = (xs: Array<number | null>) => xs.map((value, repeat) => ({ repeat, value }));

describe("repeatStat", () => {
  it("gives the median and range over repeats", () => {
    expect(repeatStat(values([3800, 4000, 3700, 3900]))).toEqual({ median: 3850, min: 3700, max: 4000, outliers: [] });
  });

  it("flags a repeat more than 3 median absolute deviations from the median", () => {
    // median 3800, deviations 0,100,100,200,9200 -> MAD 100; 13000 is 92 MADs out.
    expect(repeatStat(values([3800, 3700, 3900, 3600, 13_000])).outliers).toEqual([4]);
  });

  it("ignores repeats without the figure and flags nothing with fewer than three", () => {
    expect(repeatStat(values([null, 100, 900]))).toEqual({ median: 500, min: 100, max: 900, outliers: [] });
    expect(repeatStat(values([null, null]))).toEqual({ median: null, min: null, max: null, outliers: [] });
  });
});
