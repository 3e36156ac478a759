import { describe, expect, it } from "vitest";
import { shardsLine, shardsOf } from "./shards.js";

describe("the shards of a run, from meta", () => {
  it("are absent for a run played in one process", () => {
    expect(shardsOf({ seed: "1" })).toBeNull();
  });

  it("give a shard's own index and its worst pass skew", () => {
    const s = shardsOf({ shard_index: "1", shard_count: "3", shard_start_skew_ms: '{"1": 2, "2": -7}' })!;
    expect(s).toEqual({ count: 3, index: 1, worstSkewMs: { "1": -7 }, incidents: [] });
    expect(shardsLine(s)).toBe("shard 1 of 3; start skew (worst pass): shard 1 -7.0 ms");
  });

  it("give a merged run's count and each shard's worst skew", () => {
    const s = shardsOf({ shard_count: "2", shard_start_skew_ms: '{"0": {"1": 3}, "1": {"1": 1, "2": 12}}' })!;
    expect(shardsLine(s)).toBe("merged from 2 shards; start skew (worst pass): shard 0 3.0 ms, shard 1 12.0 ms");
  });
});
