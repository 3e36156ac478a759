import { afterEach, describe, expect, it } from "vitest";
import { Pool } from "undici";
import { admin, chatBody, testNode, until, type TestNode } from "../testing.test-util.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

describe("a node under overload", () => {
  it("answers 429 when its queue is full, stays bounded under 10x overload, serves again within 1 s", async () => {
    // Capacity: 4 running + 8 waiting = 12 requests; we send 120 at once.
    node = await testNode({ overrides: { maxBatch: 4, maxQueue: 8, ttftMs: 10, itlMs: 5, itlJitter: 0 } });
    const pool = new Pool(node.url, { connections: 120 });
    const heapBefore = process.memoryUsage().heapUsed;
    let maxWaiting = 0;
    const sampler = setInterval(() => {
      void admin(node, "/admin/state", undefined, "GET").then((s) => {
        maxWaiting = Math.max(maxWaiting, s.json.waiting);
      });
    }, 5);
    const send = () =>
      pool
        .request({
          path: "/v1/chat/completions",
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(chatBody({ max_tokens: 20 })),
        })
        .then(async (r) => {
          await r.body.dump();
          return { status: r.statusCode, retryAfter: r.headers["retry-after"] };
        });
    const results = await Promise.all(Array.from({ length: 120 }, send));
    clearInterval(sampler);
    const rejected = results.filter((r) => r.status === 429);
    expect(rejected.length).toBeGreaterThan(50);
    expect(rejected.every((r) => r.retryAfter === "1")).toBe(true);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(12);
    expect(maxWaiting).toBeLessThanOrEqual(8);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
    const stoppedAt = performance.now();
    await until(async () => (await send()).status === 200, 1000, "a 200 after the load stopped");
    expect(performance.now() - stoppedAt).toBeLessThan(1000);
    await pool.close();
  });
});
