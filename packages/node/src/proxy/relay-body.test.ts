import { createServer } from "node:http";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { startProxy } from "./start-proxy.js";
import type { RunningNode } from "../start-node.js";
import { admin, chatBody, inject, sseData, testNode, until, type TestNode } from "../testing.test-util.js";

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

describe("the proxy's relay of a stream under a stream fault", () => {
  it("keeps a frame split across upstream reads whole, and every frame in order", async () => {
    const frame = (i: number) =>
      `data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"t${i} "},"finish_reason":null}]}\n\n`;
    const reads = [
      frame(1) + frame(2) + frame(3) + frame(4).slice(0, 30),
      frame(4).slice(30) + frame(5),
      'data: {"id":"c","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
    ];
    const server = createServer((req, res) => {
      if (req.method !== "POST") return void res.writeHead(200).end("{}");
      res.writeHead(200, { "content-type": "text/event-stream" });
      let next = 0;
      const write = (): void => {
        if (next === reads.length) return void res.end();
        res.write(reads[next++]);
        setTimeout(write, 20);
      };
      write();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    proxy = await startProxy({ upstream: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
    await inject(proxy, { kind: "no-done" });
    const res = await request(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: streamBody(5),
    });
    const writes: string[] = [];
    for await (const chunk of res.body) writes.push(String(chunk));
    server.close();
    const text = writes.join("");
    expect([...text.matchAll(/"content":"([^"]+)"/g)].map((m) => m[1])).toEqual(["t1 ", "t2 ", "t3 ", "t4 ", "t5 "]);
    expect(text).toContain('"finish_reason":"stop"');
    expect(text).not.toContain("[DONE]");
  });
});
