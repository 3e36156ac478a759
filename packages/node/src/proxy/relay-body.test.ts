import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { startProxy } from "./start-proxy.js";
import type { RunningNode } from "../start-node.js";
import { admin, chatBody, sseData, testNode, until, type TestNode } from "../testing.test-util.js";

let upstream: TestNode;
let proxy: RunningNode;
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
});

const streamBody = (maxTokens: number) => JSON.stringify(chatBody({ stream: true, max_tokens: maxTokens }));

describe("the proxy's relay of an answer with no fault active", () => {
  it("delivers every frame of a stream whole, then [DONE]", async () => {
    upstream = await testNode({ name: "real", profile: "zero", overrides: { itlMs: 1 } });
    proxy = await startProxy({ upstream: upstream.url, name: "px" });
    const res = await request(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: streamBody(40),
    });
    const frames = sseData(await res.body.text());
    expect(frames.at(-1)).toBe("[DONE]");
    const chunks = frames.slice(0, -1).map((d) => JSON.parse(d) as { choices: { delta: { content?: string } }[] });
    expect(chunks.filter((c) => (c.choices[0]?.delta.content ?? "") !== "")).toHaveLength(40);
  });

  it("cancels the upstream request when the caller goes away mid-stream", async () => {
    upstream = await testNode({ name: "real", profile: "zero", overrides: { itlMs: 20 } });
    proxy = await startProxy({ upstream: upstream.url, name: "px" });
    const res = await request(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: streamBody(500),
    });
    for await (const _chunk of res.body) break;
    const running = async (node: RunningNode) => (await admin(node, "/admin/state", undefined, "GET")).json.running;
    await until(async () => (await running(proxy)) === 0, 2000, "the proxy to drop the request");
    await until(async () => (await running(upstream)) === 0, 2000, "the upstream to stop generating");
  });
});
