import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import type { RoutingDecision } from "@faultline/contracts";
import { createFailoverClient } from "../client.js";
import { startGateway } from "../gateway/server.js";
import { chatBody, startUpstream } from "../testing/upstream.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A full primary and a degraded backup. */
async function tiers() {
  const primary = await startUpstream("primary");
  const small = await startUpstream("small");
  const endpoints = [
    { name: "primary", url: primary.url, tier: "full" as const },
    { name: "small", url: small.url, tier: "degraded" as const },
  ];
  cleanups.push(
    () => primary.close(),
    () => small.close()
  );
  return { primary, small, endpoints };
}

describe("the minTier filter", () => {
  it("keeps minTier: full requests off the degraded endpoint on all attempts; others may fail over there", async () => {
    const { primary, small, endpoints } = await tiers();
    const decisions: RoutingDecision[] = [];
    const client = createFailoverClient(
      { strategy: "active-passive", endpoints, options: { maxAttempts: 4 } },
      { onDecision: (d) => decisions.push(d) }
    );
    cleanups.push(() => client.close());
    primary.state.mode = "500";
    const strict = await client.chat(chatBody(), { minTier: "full", requestId: "strict" });
    expect(strict).toMatchObject({ ok: false, errorClass: "min_tier" });
    expect(small.state.requests).toBe(0);
    const strictDecisions = decisions.filter((d) => d.requestId === "strict");
    expect(strictDecisions.every((d) => d.chosen !== "small")).toBe(true);
    expect(strictDecisions[0]!.filters.find((f) => f.filter === "tier")!.removed).toEqual(["small"]);
    expect(await client.chat(chatBody())).toMatchObject({ ok: true, servedBy: "small" });
  });

  it("takes minTier from the gateway's x-faultline-min-tier header; answers 400 to one naming no tier", async () => {
    const { primary, small, endpoints } = await tiers();
    const gw = await startGateway({ config: { strategy: "active-passive", endpoints }, port: 0 });
    cleanups.push(() => gw.close());
    primary.state.mode = "500";
    const send = async (minTier: string) => {
      const res = await request(`${gw.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-faultline-min-tier": minTier },
        body: JSON.stringify(chatBody()),
      });
      return { status: res.statusCode, body: await res.body.text() };
    };
    const refused = await send("full");
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).error.type).toBe("min_tier");
    expect(small.state.requests).toBe(0);
    expect((await send("degraded")).status).toBe(200);
    const bad = await send("cached");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toBe(
      'x-faultline-min-tier: "cached" is not a tier; use one of full, degraded, minimal, emergency'
    );
  });
});
