import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { startUpstream } from "../testing/upstream.js";
import type { GatewayConfig } from "../types.js";
import { validateGatewayConfig } from "./gateway-config.js";
import { startGateway } from "./server.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Two model groups whose primaries are the same server, each with its own backup. */
async function setup(extra: Partial<GatewayConfig> = {}) {
  const shared = await startUpstream("shared", { retryAfter: "30" });
  const backupA = await startUpstream("backup-a");
  const backupB = await startUpstream("backup-b");
  const gw = await startGateway({
    port: 0,
    config: {
      strategy: "active-passive",
      options: { healthChecks: false },
      models: {
        "model-a": {
          endpoints: [
            { name: "primary", url: shared.url },
            { name: "backup", url: backupA.url },
          ],
        },
        "model-b": {
          endpoints: [
            { name: "primary", url: shared.url },
            { name: "backup", url: backupB.url },
          ],
        },
      },
      ...extra,
    },
  });
  cleanups.push(
    () => shared.close(),
    () => backupA.close(),
    () => backupB.close(),
    () => gw.close()
  );
  const chat = async (model: string) => {
    const res = await request(`http://127.0.0.1:${gw.port}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
    });
    const body = (await res.body.json()) as { model?: string; error?: { code: string; message: string } };
    return { status: res.statusCode, endpoint: res.headers["x-faultline-endpoint"], body };
  };
  return { shared, backupA, backupB, gw, chat };
}

describe("a gateway with a chain per model", () => {
  it("routes each model to its own chain; one model's 429 cooldown does not block another's primary", async () => {
    const { shared, backupA, backupB, chat } = await setup();
    shared.state.mode = "429"; // Retry-After 30 s: above retryAfterWaitMaxMs, so model-a fails over
    shared.state.modeLeft = 1;
    expect(await chat("model-a")).toMatchObject({ status: 200, endpoint: "backup" });
    expect(backupA.state.requests).toBe(1);
    // The same server answers model-b: its primary is not cooling down.
    expect(await chat("model-b")).toMatchObject({ status: 200, endpoint: "primary" });
    // model-a's primary still is: it stays on its backup for the Retry-After.
    expect(await chat("model-a")).toMatchObject({ status: 200, endpoint: "backup" });
    expect([shared.state.requests, backupA.state.requests, backupB.state.requests]).toEqual([2, 2, 0]);
    expect(shared.state.bodies.map((b) => b.model)).toEqual(["model-a", "model-b"]);
  });

  it("answers a model no chain serves with OpenAI's 404 model_not_found, naming the models it serves", async () => {
    const { chat } = await setup();
    const out = await chat("gpt-9");
    expect(out.status).toBe(404);
    expect(out.body.error).toMatchObject({ code: "model_not_found" });
    expect(out.body.error!.message).toContain("model-a, model-b");
  });

  it("sends models no group names to the chain for every model, and lists and measures each group", async () => {
    const other = await startUpstream("other");
    cleanups.push(() => other.close());
    const { chat, gw } = await setup({ endpoints: [{ name: "catch-all", url: other.url }] });
    expect(await chat("gpt-9")).toMatchObject({ status: 200, endpoint: "catch-all" });
    const models = (await (await request(`http://127.0.0.1:${gw.port}/v1/models`)).body.json()) as {
      data: Array<{ id: string }>;
    };
    expect(models.data.map((m) => m.id)).toEqual(["model-a", "model-b", "catch-all"]);
    await chat("model-b");
    const metrics = await (await request(`http://127.0.0.1:${gw.port}/metrics`)).body.text();
    expect(metrics).toContain('faultline_endpoint_healthy{endpoint="model-b/primary"} 1');
    expect(metrics).toContain('faultline_requests_total{endpoint="model-b/primary",outcome="ok"} 1');
    expect(metrics).toContain('faultline_requests_total{endpoint="catch-all",outcome="ok"} 1');
    const status = (await (await request(`http://127.0.0.1:${gw.port}/status`)).body.json()) as {
      models: Record<string, { endpoints: Array<{ name: string }> }>;
    };
    expect(Object.keys(status.models)).toEqual(["model-a", "model-b"]);
  });
});

describe("validateGatewayConfig", () => {
  it("takes a chain per model, their strategy and options defaulting to the gateway's", () => {
    const c = validateGatewayConfig({
      strategy: "hedged",
      options: { maxAttempts: 2 },
      models: { m: { endpoints: [{ name: "p", url: "http://127.0.0.1:1/v1" }], options: { deadlineMs: "5s" } } },
    });
    expect(c.models!.m).toMatchObject({ strategy: "hedged", options: { maxAttempts: 2, deadlineMs: "5s" } });
  });

  it("names the bad field inside a model group", () => {
    expect(() => validateGatewayConfig({ models: { m: {} } })).toThrow(/models\.m\.endpoints: needs at least one/);
    expect(() =>
      validateGatewayConfig({
        models: { m: { endpoints: [{ name: "p", url: "http://x/v1" }], options: { hedgeDelay: 1 } } },
      })
    ).toThrow(/models\.m\.options\.hedgeDelay: unknown option \(did you mean "hedgeDelayMs"\?\)/);
    expect(() => validateGatewayConfig({ models: { m: { endpoint: [] } } })).toThrow(
      /models\.m\.endpoint: unknown field \(did you mean "endpoints"\?\)/
    );
    expect(() => validateGatewayConfig({ strategy: "active-passive" })).toThrow(
      /endpoints: give endpoints .* or models/
    );
  });
});
