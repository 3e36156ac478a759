import { createRandom } from "@faultline/core";
import type { LoadSpec } from "@faultline/scenario";
import { describe, expect, it } from "vitest";
import { ArrivalSchedule } from "./arrivals.js";

const load = (over: Partial<LoadSpec> = {}): LoadSpec => ({
  rate: 100,
  rateEnd: 100,
  arrival: "poisson",
  stream: 0,
  promptTokens: { min: 1, max: 1 },
  maxTokens: { min: 1, max: 1 },
  timeoutMs: 1000,
  ...over,
});
const drain = (s: ArrivalSchedule) => {
  const out: number[] = [];
  while (s.peek() !== Infinity) out.push(s.take());
  return out;
};

describe("ArrivalSchedule", () => {
  it("spaces uniform arrivals exactly 1/rate apart", () => {
    const times = drain(new ArrivalSchedule(load({ arrival: "uniform" }), 1000, createRandom(1)));
    expect(times).toHaveLength(99);
    expect(times[0]).toBeCloseTo(10);
    expect(times[1]! - times[0]!).toBeCloseTo(10);
  });

  it("draws Poisson arrivals whose count over 60 s is within 3 sigma of rate x duration", () => {
    const n = drain(new ArrivalSchedule(load(), 60_000, createRandom(42))).length;
    expect(Math.abs(n - 6000)).toBeLessThan(3 * Math.sqrt(6000));
  });

  it("gives the same schedule for the same seed and a different one for another seed", () => {
    const a = drain(new ArrivalSchedule(load(), 5000, createRandom(7)));
    const b = drain(new ArrivalSchedule(load(), 5000, createRandom(7)));
    const c = drain(new ArrivalSchedule(load(), 5000, createRandom(8)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("ramps the rate linearly from rate to rateEnd", () => {
    const times = drain(
      new ArrivalSchedule(load({ arrival: "uniform", rate: 10, rateEnd: 190 }), 10_000, createRandom(1))
    );
    const firstHalf = times.filter((t) => t < 5000).length;
    const secondHalf = times.length - firstHalf;
    expect(secondHalf).toBeGreaterThan(firstHalf * 2);
  });
});
