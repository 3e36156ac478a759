import { describe, expect, it } from "vitest";
import { checkShards } from "./check-shards.js";
import type { ShardRunInfo } from "./shard-run.js";

const pass = { id: 1, strategy: "s", repeat: 0, started_at: "", planned_ms: 1, end_ms: 1, status: "complete" };
const shard = (index: number, over: Record<string, string> = {}, passes = [{ ...pass, abort_reason: null }]) =>
  ({
    dir: `/runs/shard${index}`,
    dbPath: "",
    index,
    count: Number(over["shard_count"] ?? 3),
    passes,
    skewMs: {},
    meta: { scenario_name: "x", seed: "1", shard_count: "3", shard_start_at: "t", time_scale: "1", ...over },
  }) satisfies ShardRunInfo;

describe("the shards given to merge", () => {
  it("are put in index order when they are exactly the n shards of one run", () => {
    expect(checkShards([shard(2), shard(0), shard(1)]).map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it("are refused, naming the run, when one comes from another scenario, seed, shard count or drain", () => {
    expect(() => checkShards([shard(0), shard(1, { seed: "2" })])).toThrow(/\/runs\/shard1: seed is 2 but/);
    expect(() => checkShards([shard(0), shard(1, { scenario_name: "y" })])).toThrow(/shard1: scenario_name is y/);
    expect(() => checkShards([shard(0), shard(1, { shard_count: "2" })])).toThrow(/shard1: shard_count is 2/);
    // Each pass's slot includes the drain, so shards given different --drain values started their passes apart.
    expect(() => checkShards([shard(0, { drain_ms: "10000" }), shard(1, { drain_ms: "2000" })])).toThrow(
      /shard1: drain_ms is 2000 but \/runs\/shard0 has 10000/
    );
  });

  it("are refused, naming the shard, when one is missing, twice, or lacks a pass", () => {
    expect(() => checkShards([shard(0), shard(2)])).toThrow(/shard 1\/3 is missing/);
    expect(() => checkShards([shard(0), shard(1), shard(1), shard(2)])).toThrow(/shard 1\/3 given twice/);
    expect(() => checkShards([shard(0), shard(1, {}, []), shard(2)])).toThrow(
      /pass 1 \(s, repeat 0\) is missing from shard 1\/3 \(\/runs\/shard1\)/
    );
  });
});
