import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { createFailoverClient } from "../client.js";
import { startGateway } from "../gateway/server.js";
import type { RoutingDecision } from "@faultline/contracts";
import type { RoutingEvent } from "../types.js";
import { chatBody, startUpstream } from "../testing/upstream.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** An EU primary, an EU backup and a US backup, in that order, behind one client of `strategy`. */
async function regions(strategy: string, options: Record<string, unknown> = {}, decisions?: RoutingDecision[]) {
  const euPrimary = await startUpstream("eu-primary");
  const euBackup = await startUpstream("eu-backup");
  const usBackup = await startUpstream("us-backup");
  const endpoints = [
    { name: "eu-primary", url: euPrimary.url, jurisdiction: "eu" },
    { name: "eu-backup", url: euBackup.url, jurisdiction: ["EU", "de"] },
    { name: "us-backup", url: usBackup.url, jurisdiction: "us" },
  ];
  const events: RoutingEvent[] = [];
  // One attempt per endpoint: these tests count attempts across endpoints, not retries on one.
  const client = createFailoverClient(
    { strategy, endpoints, options: { retrySameEndpoint: false, ...options } },
    { onEvent: (e) => events.push(e), ...(decisions ? { onDecision: (d: RoutingDecision) => decisions.push(d) } : {}) }
  );
  cleanups.push(
    () => euPrimary.close(),
    () => euBackup.close(),
    () => usBackup.close(),
    () => client.close()
  );
  return { euPrimary, euBackup, usBackup, client, events, endpoints };
}

describe("the residency filter", () => {
  it("fails an EU request over to the EU backup, never to the US one", async () => {
    const { client, euPrimary, usBackup } = await regions("active-passive");
    euPrimary.state.mode = "500";
    const out = await client.chat(chatBody(), { residency: "eu" });
    expect(out).toMatchObject({ ok: true, servedBy: "eu-backup" });
    expect(usBackup.state.requests).toBe(0);
  });

  it("fails closed with the residency class when no EU endpoint can answer, retries and hedges included", async () => {
    for (const strategy of ["active-passive", "hedged", "circuit-breaker", "active-active"]) {
      const { client, euPrimary, euBackup, usBackup } = await regions(strategy, { maxAttempts: 5 });
      euPrimary.state.mode = "500";
      euBackup.state.mode = "500";
      const outs = await Promise.all(Array.from({ length: 8 }, () => client.chat(chatBody(), { residency: "eu" })));
      for (const out of outs) expect(out.ok).toBe(false);
      expect(outs.some((o) => o.errorClass === "residency")).toBe(true);
      expect(outs.find((o) => o.errorClass === "residency")?.error).toContain('residency "eu"');
      expect(usBackup.state.requests, strategy).toBe(0);
      // Traffic without a residency still fails over to the US.
      expect(await client.chat(chatBody())).toMatchObject({ ok: true, servedBy: "us-backup" });
    }
  });

  it("lets a request out only with allowFailOpen, and records each such attempt", async () => {
    const { client, euPrimary, euBackup, usBackup, events } = await regions("active-passive", {
      allowFailOpen: true,
    });
    euPrimary.state.mode = "500";
    euBackup.state.mode = "500";
    const out = await client.chat(chatBody(), { residency: "eu" });
    expect(out).toMatchObject({ ok: true, servedBy: "us-backup" });
    const opened = events.filter((e) => e.kind === "residency_fail_open");
    expect(opened.length).toBe(usBackup.state.requests);
    expect(opened[0]).toMatchObject({ endpoint: "us-backup", detail: { residency: "eu" } });
  });

  it("takes the residency from the gateway's x-faultline-residency header, answers an OpenAI-shaped 503", async () => {
    const { euPrimary, euBackup, usBackup, endpoints } = await regions("active-passive");
    const gw = await startGateway({
      config: { strategy: "active-passive", endpoints, options: { retrySameEndpoint: false } },
      port: 0,
    });
    cleanups.push(() => gw.close());
    euPrimary.state.mode = "500";
    euBackup.state.mode = "500";
    const res = await request(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-faultline-residency": "eu" },
      body: JSON.stringify(chatBody()),
    });
    const body = (await res.body.json()) as { error: { code: string; type: string; message: string } };
    expect(res.statusCode).toBe(503);
    expect(body.error).toMatchObject({ code: "residency", type: "residency" });
    expect(body.error.message).toContain("us-backup");
    expect(usBackup.state.requests).toBe(0);
    const plain = await request(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(chatBody()),
    });
    expect(plain.statusCode).toBe(200);
    await plain.body.text();
  });

  it("writes a ledger record per attempt, naming what residency set aside and why an endpoint was chosen", async () => {
    const decisions: RoutingDecision[] = [];
    const { client, euPrimary, euBackup } = await regions("active-passive", {}, decisions);
    euPrimary.state.mode = "500";
    euBackup.state.mode = "500";
    const out = await client.chat(chatBody(), { residency: "eu", requestId: "req-1" });
    expect(out.attempts).toBe(decisions.filter((d) => d.chosen !== null).length);
    expect(decisions[0]).toMatchObject({
      requestId: "req-1",
      attempt: 1,
      residency: "eu",
      candidates: ["eu-primary", "eu-backup", "us-backup"],
      chosen: "eu-primary",
      reason: "first eligible endpoint in the strategy's order",
    });
    expect(decisions[0]!.filters.find((f) => f.filter === "residency")!.removed).toEqual(["us-backup"]);
    expect(decisions[1]).toMatchObject({ attempt: 2, chosen: "eu-backup" });
    expect(decisions[1]!.filters.find((f) => f.filter === "tried")!.removed).toEqual(["eu-primary"]);
    const last = decisions.at(-1)!;
    expect(last.chosen === null ? last.reason : out.errorClass).toMatch(/refused|residency/);
  });
});
