import { describe, expect, it } from "vitest";
import { resolveProfile } from "../profiles/resolve.js";
import { FakeClock, createRandom } from "@faultline/core";
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
  it("preempts the newest sequence when the KV budget overflows, still completing each in order", async () => {
    const clock = new FakeClock();
    const profile = resolveProfile("zero", { itlMs: 1, kvTokens: 40, maxBatch: 4 });
    const engine = new GpuEngine(profile, createRandom(1), undefined, clock);
    const a = run(engine, 10, 15);
    const b = run(engine, 10, 15);
    clock.advance(1_000);
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

  it("slows tokens as the batch fills, by loadSlowdown times the batch's fill", async () => {
    const profile = resolveProfile("zero", { itlMs: 5, itlJitter: 0, loadSlowdown: 9, maxBatch: 4 });
    const finishTimes = async (concurrent: number) => {
      const clock = new FakeClock();
      const engine = new GpuEngine(profile, createRandom(1), undefined, clock);
      const runs = Array.from({ length: concurrent }, () => run(engine, 5, 11));
      const finished: number[] = [];
      for (const r of runs) void r.done.then(() => finished.push(clock.now()));
      for (let t = 0; t < 2_000 && finished.length < concurrent; t++) {
        clock.advance(1);
        await Promise.resolve();
      }
      return finished;
    };
    // A gap is 5 ms × (1 + 9 × running/maxBatch), seen on the 1 ms ticks this loop advances by.
    // Alone: 10 gaps at 1 of 4 running, 162.5 ms.
    expect(await finishTimes(1)).toEqual([163]);
    // Four at once: each first gap is taken as the batch fills (1, 2, 3, 4 running), the other nine
    // at 4 of 4 (50 ms): 466.25, 477.5, 488.75 and 500 ms.
    expect(await finishTimes(4)).toEqual([467, 478, 489, 500]);
  });
});
