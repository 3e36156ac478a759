import { afterEach, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { startProxy } from "./start-proxy.js";
import type { RunningNode } from "../start-node.js";
import { admin, chat, inject, sseData, status, testNode, type TestNode } from "../testing.test-util.js";

let upstream: TestNode;
let proxy: RunningNode;
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
});

async function setup() {
  upstream = await testNode({ name: "real", profile: "zero" });
  proxy = await startProxy({ upstream: upstream.url + "/v1", name: "px" });
}

describe("proxy mode", () => {
  it("forwards completions and streams unchanged when no fault is active", async () => {
    await setup();
    const client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: "k", maxRetries: 0 });
    const r = await client.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 4,
    });
    expect(r.usage?.completion_tokens).toBe(4);
    const s = await chat(proxy, { stream: true });
    expect(s.headers.get("x-faultline-node")).toBe("px");
    expect(sseData(s.text).at(-1)).toBe("[DONE]");
    expect((await client.models.list()).data[0]!.id).toBe("faultline/zero");
  });

  it("applies HTTP faults in front of the upstream and clears them", async () => {
    await setup();
    const id = await inject(proxy, { kind: "errors", status: 503, durationMs: 60_000 });
    expect((await chat(proxy)).status).toBe(503);
    expect((await admin(proxy, `/admin/faults/${id}`, undefined, "DELETE")).status).toBe(200);
    expect((await chat(proxy)).status).toBe(200);
    await inject(proxy, { kind: "disable" });
    expect(await status(proxy, "/health")).toBe(503);
  });

  it("applies SSE faults to the upstream's stream: cut after N tokens, no [DONE]", async () => {
    await setup();
    await inject(proxy, { kind: "no-done" });
    const text = (await chat(proxy, { stream: true })).text;
    expect(text).toContain("finish_reason");
    expect(text).not.toContain("[DONE]");
    await admin(proxy, "/admin/reset", {});
    await inject(proxy, { kind: "stream-cut", afterTokens: 2 });
    await expect(chat(proxy, { stream: true, max_tokens: 8 })).rejects.toThrow();
  });

  it("applies the provider stream faults too: keep-alives in a pause, an error event, a refused prefill", async () => {
    upstream = await testNode({ name: "real", profile: "zero" });
    proxy = await startProxy({ upstream: upstream.url + "/v1", name: "px", persona: "bedrock" });
    await inject(proxy, { kind: "keepalive-pings", afterTokens: 1, pauseMs: 250, intervalMs: 100 });
    const kept = (await chat(proxy, { stream: true, max_tokens: 4 })).text;
    expect(kept.split(": keep-alive\n\n").length - 1).toBeGreaterThanOrEqual(1);
    expect(sseData(kept).at(-1)).toBe("[DONE]");
    await admin(proxy, "/admin/reset", {});
    await inject(proxy, { kind: "stream-error", afterTokens: 2 });
    const broken = (await chat(proxy, { stream: true, max_tokens: 8 })).text;
    expect(JSON.parse(sseData(broken).at(-1)!)).toMatchObject({
      error: { type: "ModelStreamErrorException", code: 424 },
    });
    await admin(proxy, "/admin/reset", {});
    await inject(proxy, { kind: "prefill-rejected" });
    const prefill = await chat(proxy, { messages: [{ role: "assistant", content: "Hi, I" }] });
    expect(prefill.status).toBe(400);
    expect((await chat(proxy)).status).toBe(200);
  });

  it("refuses faults that need the simulated GPU, naming the kind", async () => {
    await setup();
    const r = await admin(proxy, "/admin/faults", { kind: "capacity", maxBatch: 1 });
    expect(r.status).toBe(400);
    expect(r.json.error.param).toBe("kind");
  });

  it("is ready only while the upstream answers, and reports 502 when it is gone", async () => {
    await setup();
    expect(await status(proxy, "/health/ready")).toBe(200);
    await upstream.close();
    expect(await status(proxy, "/health/ready")).toBe(503);
    expect((await chat(proxy)).status).toBe(502);
  });

  it("shapes injected faults as its persona's provider, and passes the upstream's own answers through", async () => {
    upstream = await testNode({ name: "real", profile: "zero" });
    proxy = await startProxy({ upstream: upstream.url, name: "px", persona: "anthropic" });
    await inject(proxy, { kind: "rate-limit", retryAfterMs: 4000 });
    const r = await chat(proxy);
    expect(r.status).toBe(429);
    expect(JSON.parse(r.text)).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    expect(r.headers.get("retry-after")).toBe("4");
    expect(r.headers.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    await admin(proxy, "/admin/reset", {});
    await inject(upstream, { kind: "errors", status: 503 });
    const passed = await chat(proxy);
    expect([passed.status, JSON.parse(passed.text).error.code]).toEqual([503, "service_unavailable"]);
    await expect(startProxy({ upstream: upstream.url, persona: "claude" })).rejects.toThrow(
      /^persona: must be one of openai, azure-openai, anthropic, gemini, bedrock/
    );
  });

  it("names a bad upstream", async () => {
    await expect(startProxy({ upstream: "ftp://x" })).rejects.toThrow(/^upstream: must be an http\(s\) URL/);
  });
});
