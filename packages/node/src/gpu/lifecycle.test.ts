import { FakeClock } from "@faultline/core";
import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { admin, chat, status, testNode, until, type TestNode } from "../testing.test-util.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

const state = async () => (await admin(node, "/admin/state", undefined, "GET")).json;

describe("a node's request lifecycle", () => {
  it("is live but not ready while starting up, answers 503 meanwhile, then becomes ready", async () => {
    // Start-up runs on the node's clock: a fake one here, so no real load can make it end early.
    const clock = new FakeClock();
    node = await testNode({ overrides: { startupMs: 400 }, clock });
    expect(await status(node, "/health")).toBe(200);
    expect(await status(node, "/health/ready")).toBe(503);
    expect((await chat(node)).status).toBe(503);
    clock.advance(399);
    expect(await status(node, "/health/ready")).toBe(503);
    clock.advance(1);
    expect(await status(node, "/health/ready")).toBe(200);
    expect((await chat(node)).status).toBe(200);
  });

  it("aborts a request whose client disconnected and frees its batch slot and KV", async () => {
    node = await testNode({ overrides: { ttftMs: 10, itlMs: 50, itlJitter: 0 } });
    const ac = new AbortController();
    const pending = request(node.url + "/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      signal: ac.signal,
      body: JSON.stringify({ model: "m", stream: true, max_tokens: 1000, messages: [{ role: "user", content: "hi" }] }),
    }).catch(() => undefined);
    await until(async () => (await state()).running === 1, 2000, "a running request");
    ac.abort();
    await pending;
    await until(
      async () => {
        const s = await state();
        return s.running === 0 && s.gpu.kvUsed === 0;
      },
      2000,
      "the slot and KV to be freed"
    );
  });

  it("echoes an incoming x-request-id", async () => {
    node = await testNode();
    const r = await request(node.url + "/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "trace-42" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(r.headers["x-request-id"]).toBe("trace-42");
    expect(((await r.body.json()) as { id: string }).id).toBe("chatcmpl-trace-42");
  });

  it("fails an open stream with an error event and no [DONE] when the engine dies mid-stream", async () => {
    node = await testNode({ overrides: { ttftMs: 10, itlMs: 30, itlJitter: 0 } });
    const pending = chat(node, { stream: true, max_tokens: 200 });
    // Headers go out with the first token; wait until the node has produced one.
    const firstTokens = async () =>
      Number(
        (await (await request(node.url + "/metrics")).body.text())
          .split("\n")
          .find((l) => l.startsWith("vllm:time_to_first_token_seconds_count"))!
          .split(" ")
          .pop()
      );
    await until(async () => (await firstTokens()) === 1, 2000, "the first token");
    await admin(node, "/admin/faults", { kind: "engine-dead", restartDelayMs: 200 });
    const r = await pending;
    expect(r.status).toBe(200);
    expect(r.text).toContain("AsyncEngineDeadError");
    expect(r.text).not.toContain("[DONE]");
  });
});
