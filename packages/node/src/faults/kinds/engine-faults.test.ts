import { afterEach, describe, expect, it } from "vitest";
import { admin, chat, inject, reverted, status, testNode, until, type TestNode } from "../../testing.test-util.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

// A node slow enough that a request is still in flight when the fault lands.
const SLOW = { ttftMs: 20, itlMs: 20, itlJitter: 0 };

describe("engine faults, seen from outside and cleared by their duration", () => {
  it("engine-dead fails in-flight and new requests (500, /health 503), recovering after restartDelayMs", async () => {
    node = await testNode({ overrides: SLOW });
    const inFlight = chat(node, { max_tokens: 100 });
    await until(
      async () => (await admin(node, "/admin/state", undefined, "GET")).json.running === 1,
      2000,
      "a running request"
    );
    const id = await inject(node, { kind: "engine-dead", restartDelayMs: 400 });
    const failed = await inFlight;
    expect(failed.status).toBe(500);
    expect(failed.text).toContain("AsyncEngineDeadError");
    expect((await chat(node)).status).toBe(500);
    expect(await status(node, "/health")).toBe(503);
    await reverted(node, id);
    expect(await status(node, "/health")).toBe(200);
    expect((await chat(node, { max_tokens: 2 })).status).toBe(200);
  });

  it("gpu-oom fails in-flight requests with CUDA out of memory and keeps the node unready for recoveryMs", async () => {
    node = await testNode({ overrides: SLOW });
    const inFlight = chat(node, { max_tokens: 100 });
    await until(
      async () => (await admin(node, "/admin/state", undefined, "GET")).json.running === 1,
      2000,
      "a running request"
    );
    const id = await inject(node, { kind: "gpu-oom", recoveryMs: 400 });
    const failed = await inFlight;
    expect(failed.status).toBe(500);
    expect(failed.text).toContain("CUDA out of memory");
    expect(await status(node, "/health")).toBe(200);
    expect(await status(node, "/health/ready")).toBe(503);
    expect((await chat(node)).status).toBe(503);
    await reverted(node, id);
    expect(await status(node, "/health/ready")).toBe(200);
    expect((await chat(node, { max_tokens: 2 })).status).toBe(200);
  });

  it("capacity shrinks the batch at runtime so a second request waits, then restores it", async () => {
    node = await testNode({ overrides: SLOW });
    const id = await inject(node, { kind: "capacity", maxBatch: 1, durationMs: 1500 });
    const state = async () => (await admin(node, "/admin/state", undefined, "GET")).json;
    expect((await state()).gpu.maxBatch).toBe(1);
    const both = Promise.all([chat(node, { max_tokens: 10 }), chat(node, { max_tokens: 10 })]);
    await until(
      async () => {
        const s = await state();
        return s.running === 1 && s.waiting === 1;
      },
      2000,
      "one running, one waiting"
    );
    expect((await both).map((r) => r.status)).toEqual([200, 200]);
    await reverted(node, id);
    expect((await state()).gpu.maxBatch).toBe(100_000); // the zero profile's own batch size
  });

  it("crash drops an in-process node: the port refuses connections and an exited event says 70", async () => {
    node = await testNode();
    await inject(node, { kind: "crash", restartDelayMs: 1234 });
    await until(() => node.events.some((e) => e.kind === "exited"), 2000, "exit");
    const exited = node.events.find((e) => e.kind === "exited")!;
    expect(exited.detail).toMatchObject({ reason: "crash", code: 70, restartDelayMs: 1234 });
    expect(node.events.find((e) => e.kind === "fault_applied")!.detail.restartDelayMs).toBe(1234);
    await expect(chat(node)).rejects.toThrow();
  });

  it("cpu burns real CPU on worker threads while active and stops when its duration ends", async () => {
    node = await testNode();
    const cpuOver = async (ms: number) => {
      const a = (await admin(node, "/admin/state", undefined, "GET")).json.process.cpuUserUs as number;
      const t = performance.now();
      await new Promise((r) => setTimeout(r, ms));
      const b = (await admin(node, "/admin/state", undefined, "GET")).json.process.cpuUserUs as number;
      return (b - a) / 1000 / (performance.now() - t);
    };
    // Two threads at 0.9 burn ~1.8 cores on an idle machine; the bounds leave room for a busy shared one.
    const r = await admin(node, "/admin/cpu", { threads: 2, utilization: 0.9, durationMs: 1200 });
    expect(r.status).toBe(201);
    expect(await cpuOver(500)).toBeGreaterThan(0.25);
    await reverted(node, r.json.id);
    await until(async () => (await cpuOver(200)) < 0.15, 3000, "cpu to fall back");
  });
});
