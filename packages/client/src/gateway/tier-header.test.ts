import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { startGateway } from "./server.js";
import { validateClientConfig } from "./config.js";
import { chatBody, startUpstream } from "../testing/upstream.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const send = async (url: string) => {
  const res = await request(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(chatBody()),
  });
  await res.body.text();
  return res.headers["x-faultline-tier"];
};

describe("the gateway's tier header", () => {
  it("names the serving endpoint's tier, full from the primary and degraded after failover", async () => {
    const primary = await startUpstream("primary");
    const small = await startUpstream("small");
    const gw = await startGateway({
      config: validateClientConfig({
        strategy: "active-passive",
        endpoints: [
          { name: "primary", url: primary.url, tier: "full" },
          { name: "small", url: small.url, tier: "degraded" },
        ],
      }),
      port: 0,
    });
    cleanups.push(
      () => primary.close(),
      () => small.close(),
      () => gw.close()
    );
    expect(await send(gw.url)).toBe("full");
    primary.state.mode = "500";
    expect(await send(gw.url)).toBe("degraded");
  });

  it("is left out when no endpoint declares a tier, and an unknown tier is refused naming the field", async () => {
    const primary = await startUpstream("primary");
    const gw = await startGateway({
      config: { strategy: "none", endpoints: [{ name: "p", url: primary.url }] },
      port: 0,
    });
    cleanups.push(
      () => primary.close(),
      () => gw.close()
    );
    expect(await send(gw.url)).toBeUndefined();
    expect(() => validateClientConfig({ endpoints: [{ name: "p", url: primary.url, tier: "minimal" }] })).toThrow(
      /endpoints\[0\]\.tier: "minimal" is not an endpoint's tier; use one of full, degraded/
    );
  });

  it("marks a cached answer minimal (x-faultline-cache), the maintenance answer emergency (Retry-After)", async () => {
    const primary = await startUpstream("primary");
    const gw = await startGateway({
      config: validateClientConfig({
        strategy: "active-passive",
        endpoints: [{ name: "primary", url: primary.url, tier: "full" }],
        options: { healthChecks: false, answerCacheSize: 4, retryQueueSize: 2, deadlineMs: 150 },
      }),
      port: 0,
    });
    cleanups.push(
      () => primary.close(),
      () => gw.close()
    );
    const post = async (body: Record<string, unknown>) => {
      const res = await request(`${gw.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
    };
    expect((await post(chatBody())).headers["x-faultline-tier"]).toBe("full");
    primary.state.mode = "500";
    const cached = await post(chatBody());
    expect(cached.status).toBe(200);
    expect(cached.headers["x-faultline-tier"]).toBe("minimal");
    expect(cached.headers["x-faultline-cache"]).toMatch(/^hit; age=\d+; from=primary$/);
    const stream = await post(chatBody(true));
    expect(stream.headers["x-faultline-tier"]).toBe("minimal");
    expect(stream.text).toContain("hello from primary");
    expect(stream.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const maintenance = await post({ ...chatBody(), max_tokens: 3 });
    expect(maintenance.status).toBe(503);
    expect(maintenance.headers["x-faultline-tier"]).toBe("emergency");
    expect(maintenance.headers["retry-after"]).toBe("30");
    // It waited for its deadline (150 ms from arrival) and no longer: a timer's lateness on a busy machine aside.
    expect(Number(maintenance.headers["x-faultline-queued-ms"])).toBeLessThanOrEqual(150 + 100);
    expect(JSON.parse(maintenance.text).error.type).toBe("maintenance");
  });
});
