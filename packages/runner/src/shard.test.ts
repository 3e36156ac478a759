import { createRandom } from "@faultline/core";
import type { LoadSpec } from "@faultline/scenario";
import { describe, expect, it } from "vitest";
import { ArrivalSchedule } from "./arrivals.js";
import { RequestFactory } from "./request-factory.js";
import { parseShardFlag, parseStartAt, ShardArrivals } from "./shard.js";

const load: LoadSpec = {
  rate: 200,
  rateEnd: 400,
  arrival: "poisson",
  stream: 0.5,
  promptTokens: { min: 1, max: 50 },
  maxTokens: { min: 1, max: 20 },
  timeoutMs: 1000,
};

/** Every arrival a schedule gives: its index, time and request body. */
function walk(shard?: { index: number; count: number }) {
  const whole = new ArrivalSchedule(load, 3000, createRandom(7, 1));
  const factory = new RequestFactory(load, createRandom(7, 2), "m");
  const arrivals = shard ? new ShardArrivals(whole, factory, shard) : whole;
  const out: Array<[number, number, string]> = [];
  while (arrivals.peek() !== Infinity) {
    const t = arrivals.take();
    out.push([arrivals.lastIndex, t, JSON.stringify(factory.next().body)]);
  }
  return out;
}

describe("a sharded schedule", () => {
  it("is, over all shards, exactly a single run's schedule: same indexes, times and bodies, none twice", () => {
    const single = walk();
    const union = [0, 1, 2].flatMap((index) => walk({ index, count: 3 }));
    expect(union.length).toBe(single.length);
    expect(union.sort((a, b) => a[0] - b[0])).toEqual(single);
  });

  it("gives each of three shards a third of the arrivals, within one", () => {
    const sizes = [0, 1, 2].map((index) => walk({ index, count: 3 }).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});

describe("the shard flags", () => {
  it("read i/n with 0 <= i < n", () => {
    expect(parseShardFlag("2/3")).toEqual({ index: 2, count: 3 });
    expect(() => parseShardFlag("3/2")).toThrow(/--shard: "3\/2".*below 2/);
    expect(() => parseShardFlag("0/0")).toThrow(/--shard: "0\/0" has no shards/);
    expect(() => parseShardFlag("one")).toThrow(/--shard: "one" is not <index>\/<count>/);
  });

  it("take an ISO time or epoch ms, and refuse one further in the past than the grace", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(parseStartAt("2026-01-01T12:00:30Z", now)).toBe(now + 30_000);
    expect(parseStartAt(String(now + 5), now)).toBe(now + 5);
    expect(parseStartAt(String(now - 2000), now)).toBe(now - 2000);
    expect(() => parseStartAt("2026-01-01T11:00:00Z", now)).toThrow(/--start-at: .* 3600.0 s in the past/);
    expect(() => parseStartAt("noon", now)).toThrow(/--start-at: "noon" is not a time/);
  });
});
