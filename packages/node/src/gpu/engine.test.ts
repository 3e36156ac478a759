import { describe, expect, it } from "vitest";
import { resolveProfile } from "../profiles/resolve.js";
import { createRandom } from "@faultline/core";
import { GpuEngine } from "./engine.js";
import { createSequence, type Sequence } from "./sequence.js";

function run(engine: GpuEngine, promptTokens: number, maxTokens: number) {
  const tokens: number[] = [];
  let resolve!: (r: string) => void;
  const done = new Promise<string>((r) => {
    resolve = r;
  });
  const seq: Sequence = createSequence(promptTokens, promptTokens, maxTokens, "length", 1, {
    onToken: (i) => {
      tokens.push(i);
      return true;
    },
    onFinish: (reason) => resolve(reason),
    onFail: (status) => resolve(`failed ${status}`),
  });
  return { accepted: engine.submit(seq), done, tokens };
}

describe("the simulated GPU", () => {
  it("preempts the newest sequence when the KV budget overflows, and still completes every sequence in order", async () => {
    const engine = new GpuEngine(resolveProfile("zero", { itlMs: 1, kvTokens: 40, maxBatch: 4 }), createRandom(1));
    const a = run(engine, 10, 15);
    const b = run(engine, 10, 15);
    expect(await Promise.all([a.done, b.done])).toEqual(["length", "length"]);
    expect(engine.preemptions).toBeGreaterThan(0);
    for (const r of [a, b]) expect(r.tokens).toEqual([...Array(15).keys()]);
    expect(engine.kvUsed).toBe(0);
    expect(engine.runningCount + engine.waitingCount).toBe(0);
  });

  it("holds at most maxBatch running and maxQueue waiting, refusing the rest", () => {
    const engine = new GpuEngine(
      resolveProfile("zero", { itlMs: 50, ttftMs: 50, maxBatch: 2, maxQueue: 3 }),
      createRandom(1)
    );
    const accepted = Array.from({ length: 8 }, () => run(engine, 5, 5).accepted);
    expect(accepted).toEqual([true, true, true, true, true, false, false, false]);
    expect(engine.runningCount).toBe(2);
    expect(engine.waitingCount).toBe(3);
    engine.failAll(500, { error: { message: "x", type: "server_error", param: null, code: null } });
    expect(engine.runningCount + engine.waitingCount + engine.kvUsed).toBe(0);
  });

  it("serves from free slots even with no waiting room (maxQueue 0)", () => {
    const engine = new GpuEngine(
      resolveProfile("zero", { itlMs: 50, ttftMs: 50, maxBatch: 1, maxQueue: 0 }),
      createRandom(1)
    );
    expect([run(engine, 5, 5).accepted, run(engine, 5, 5).accepted]).toEqual([true, false]);
    engine.failAll(500, { error: { message: "x", type: "server_error", param: null, code: null } });
  });

  it("slows tokens as the batch fills", async () => {
    const profile = resolveProfile("zero", { itlMs: 5, itlJitter: 0, loadSlowdown: 9, maxBatch: 4 });
    const timed = async (concurrent: number) => {
      const engine = new GpuEngine(profile, createRandom(1));
      const t0 = performance.now();
      await Promise.all(Array.from({ length: concurrent }, () => run(engine, 5, 11).done));
      return performance.now() - t0;
    };
    const alone = await timed(1); // 10 gaps × 5 ms × (1 + 9 × 1/4) ≈ 160 ms
    const full = await timed(4); // 10 gaps × 5 ms × (1 + 9 × 4/4) ≈ 500 ms
    expect(full / alone).toBeGreaterThan(1.8);
  });
});
