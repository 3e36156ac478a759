import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { startProxy } from "./start-proxy.js";
import type { RunningNode } from "../start-node.js";
import { chat, inject, sseData, testNode, until, type TestNode } from "../testing.test-util.js";

let upstream: TestNode;
let proxy: RunningNode;
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
});

async function setup(overrides: Record<string, number> = {}) {
  upstream = await testNode({ name: "real", profile: "zero", overrides });
  proxy = await startProxy({ upstream: upstream.url, name: "px" });
}

const isJson = (d: string) => {
  try {
    JSON.parse(d);
    return true;
  } catch {
    return false;
  }
};

describe("proxy mode on an upstream's SSE stream", () => {
  it("inserts one malformed frame before token N", async () => {
    await setup();
    await inject(proxy, { kind: "malformed-chunk", afterTokens: 2 });
    const frames = sseData((await chat(proxy, { stream: true, max_tokens: 5 })).text).filter((d) => d !== "[DONE]");
    expect(frames.filter((d) => !isJson(d))).toHaveLength(1);
  });

  it("stalls after N tokens with the socket left open", async () => {
    await setup();
    await inject(proxy, { kind: "stream-stall", afterTokens: 1 });
    const res = await request(proxy.url + "/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      bodyTimeout: 250,
      body: JSON.stringify({ model: "m", stream: true, max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
    });
    let text = "";
    await expect(
      (async () => {
        for await (const c of res.body) text += String(c);
      })()
    ).rejects.toThrow(/timeout/i);
    expect(sseData(text).filter((d) => d.includes('"content":"') && !d.includes('"role"'))).toHaveLength(1);
  });

  it("stretches the gaps between upstream tokens under slow-tokens", async () => {
    await setup({ itlMs: 20, itlJitter: 0 });
    const timed = async () => {
      const t = performance.now();
      await chat(proxy, { stream: true, max_tokens: 11 });
      return performance.now() - t;
    };
    const normal = await timed();
    await inject(proxy, { kind: "slow-tokens", factor: 4 });
    const slow = await timed();
    // The upstream spends ~200 ms between first and last token; stretched ×4 that is ~800 ms.
    expect(slow).toBeGreaterThan(500);
    expect(slow).toBeGreaterThan(normal * 2.5);
  });

  it("fails requests in flight through the proxy when the engine dies", async () => {
    await setup({ ttftMs: 10, itlMs: 20, itlJitter: 0 });
    const pending = chat(proxy, { max_tokens: 200 });
    await until(
      async () =>
        (
          await request(upstream.url + "/admin/state", {
            headers: { authorization: `Bearer ${upstream.adminToken}` },
          }).then((r) => r.body.json() as Promise<{ running: number }>)
        ).running === 1,
      2000,
      "a request in flight"
    );
    await inject(proxy, { kind: "engine-dead", restartDelayMs: 300 });
    const r = await pending;
    expect(r.status).toBe(500);
    expect(r.text).toContain("AsyncEngineDeadError");
  });
});
