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
      /endpoints\[0\]\.tier: "minimal" is not a tier; use one of full, degraded/
    );
  });
});
