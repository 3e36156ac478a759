import { FakeClock } from "@faultline/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { chat, expire, inject, status, testNode, until, type TestNode } from "../../testing.test-util.js";

let node: TestNode;
// Each node waits on a fake clock: a fault's duration passes when the test says so, not after a real wait.
let clock: FakeClock;
beforeEach(() => {
  clock = new FakeClock();
});
afterEach(async () => {
  await node?.close();
});

describe("request faults, seen from outside and cleared by their duration", () => {
  it("disable answers 503 everywhere, then the node serves again", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "disable", durationMs: 300 });
    expect((await chat(node)).status).toBe(503);
    expect(await status(node, "/health")).toBe(503);
    await expire(node, clock, id);
    expect((await chat(node)).status).toBe(200);
    expect(await status(node, "/health")).toBe(200);
  });

  it("latency delays the first byte by exactly ms on the node's clock, then stops delaying", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "latency", ms: 400, durationMs: 900 });
    let answered = false;
    const delayed = chat(node).then((r) => ((answered = true), r));
    // The fault's TTL is one timer; the delayed request is the second.
    await until(() => clock.pendingTimers === 2, 3000, "the request to reach the latency fault");
    clock.advance(399);
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    clock.advance(1);
    expect((await delayed).status).toBe(200);
    await expire(node, clock, id);
    expect((await chat(node)).status).toBe(200);
    expect(clock.pendingTimers).toBe(0);
  });

  it("errors answers the chosen status with its real OpenAI body, then clears", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "errors", status: 500, rate: 1, durationMs: 300 });
    const r = await chat(node);
    expect(r.status).toBe(500);
    expect(JSON.parse(r.text).error).toMatchObject({ type: "server_error", code: "internal_error" });
    await expire(node, clock, id);
    expect((await chat(node)).status).toBe(200);
  });

  it("errors at rate 0.5 fails about half of the requests, reproducibly for one seed", async () => {
    const run = async () => {
      node = await testNode({ seed: 42, clock });
      await inject(node, { kind: "errors", status: 503, rate: 0.5 });
      const codes: number[] = [];
      for (let i = 0; i < 40; i++) codes.push((await chat(node)).status);
      await node.close();
      return codes;
    };
    const first = await run();
    const failed = first.filter((c) => c === 503).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    expect(await run()).toEqual(first);
  });

  it("rate-limit answers 429 with Retry-After and x-ratelimit headers, then clears", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "rate-limit", retryAfterMs: 2000, durationMs: 300 });
    const r = await chat(node);
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("2");
    expect(r.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(JSON.parse(r.text).error.code).toBe("rate_limit_exceeded");
    await expire(node, clock, id);
    expect((await chat(node)).status).toBe(200);
  });

  it("hang never answers while /health stays 200, then new requests are served", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "hang", durationMs: 400 });
    await expect(chat(node, {}, 200)).rejects.toThrow(/abort|timeout/i);
    expect(await status(node, "/health")).toBe(200);
    await expire(node, clock, id);
    expect((await chat(node)).status).toBe(200);
  });

  it("hang with probability 0 never applies", async () => {
    node = await testNode({ clock });
    await inject(node, { kind: "hang", probability: 0 });
    expect((await chat(node)).status).toBe(200);
  });

  it("match limits a fault to streaming requests", async () => {
    node = await testNode({ clock });
    await inject(node, { kind: "errors", status: 500, match: { stream: true } });
    expect((await chat(node)).status).toBe(200);
    expect((await chat(node, { stream: true })).status).toBe(500);
  });

  it("zombie keeps /health 200 while a stream gets headers and no token, then recovers", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "zombie", durationMs: 500 });
    expect(await status(node, "/health")).toBe(200);
    expect(await status(node, "/health/ready")).toBe(200);
    const res = await request(node.url + "/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      bodyTimeout: 200,
      body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow(/timeout/i);
    await expire(node, clock, id);
    expect((await chat(node, { stream: true })).text).toContain("[DONE]");
  });

  it("reset drops the connection before any header, then clears", async () => {
    node = await testNode({ clock });
    const id = await inject(node, { kind: "reset", durationMs: 300 });
    await expect(chat(node)).rejects.toThrow();
    await expire(node, clock, id);
    await until(async () => (await chat(node).catch(() => ({ status: 0 }))).status === 200, 2000, "a served request");
  });
});
