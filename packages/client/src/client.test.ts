import { afterEach, describe, expect, it } from "vitest";
import { createFailoverClient } from "./client.js";
import { clientOverPair } from "./testing/client-pair.js";
import { runLoad } from "./testing/load.js";
import { chatBody, waitFor } from "./testing/upstream.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function pair(strategy: string, options: Record<string, unknown> = {}) {
  return clientOverPair(strategy, options, cleanups);
}

describe("the failover client", () => {
  it("serves from the primary while it is healthy, in one attempt", async () => {
    const { client, primary, backup } = await pair("active-passive");
    const out = await client.chat(chatBody());
    expect(out).toMatchObject({
      ok: true,
      status: 200,
      servedBy: "primary",
      attempts: 1,
      errorClass: null,
      promptTokens: 3,
      completionTokens: 5,
    });
    expect([primary.state.requests, backup.state.requests]).toEqual([1, 0]);
  });

  it("retries a persistent primary 500 once in place, then on the backup, so the caller never sees it", async () => {
    const { client, primary, backup, events } = await pair("active-passive");
    primary.state.mode = "500";
    const out = await client.chat(chatBody());
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 3 });
    expect([primary.state.requests, backup.state.requests]).toEqual([2, 1]);
    expect(events.filter((e) => e.kind === "retry").map((e) => e.to)).toEqual(["primary", "backup"]);
  });

  it("with strategy none, hands the primary's 500 to the caller after one attempt", async () => {
    const { client, primary, backup } = await pair("none");
    primary.state.mode = "500";
    const out = await client.chat(chatBody());
    expect(out).toMatchObject({ ok: false, errorClass: "http_5xx", attempts: 1, servedBy: "primary" });
    expect(backup.state.requests).toBe(0);
  });

  it("loses no request at 200 req/s when the primary refuses connections, and fails over once", async () => {
    // Without the adaptive concurrency limit: when this process stalls (a busy machine), 200 requests land on the
    // backup at once and the limit reads the stall as a queue and sheds some, as it is built to; this test is about
    // failing over from refused connections, and policies/concurrency-limit.test.ts covers the shedding.
    const { client, primary, backup, events } = await pair("active-passive", { adaptiveConcurrency: false });
    client.start();
    await primary.close(); // connection refused from now on
    const outcomes = await runLoad(client, 200, 1000); // 200 requests, open model
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(backup.state.requests).toBe(200);
    expect(events.filter((e) => e.kind === "failover")).toHaveLength(1);
  });

  it("rejects an unknown option with a message naming it", () => {
    expect(() =>
      createFailoverClient({
        strategy: "active-passive",
        endpoints: [{ name: "a", url: "http://127.0.0.1:1/v1" }],
        options: { maxAtempts: 2 },
      })
    ).toThrow(/options\.maxAtempts: unknown option \(did you mean "maxAttempts"\?\)/);
  });

  it("rejects an unknown strategy, listing the known ones", () => {
    expect(() =>
      createFailoverClient({ strategy: "activ-passive", endpoints: [{ name: "a", url: "http://127.0.0.1:1/v1" }] })
    ).toThrow(/strategy: "activ-passive" is not a known strategy \(did you mean "active-passive"\?\)/);
  });

  it("marks the primary unhealthy from health checks and sends traffic straight to the backup", async () => {
    const { client, primary, backup, events } = await pair("active-passive", {
      healthIntervalMs: 20,
      unhealthyThreshold: 2,
    });
    client.start();
    primary.state.healthy = false;
    await waitFor(
      () => events.some((e) => e.kind === "failover"),
      2000,
      `failover; events: ${JSON.stringify(events)}; status: ${JSON.stringify(client.status())}`
    );
    const before = primary.state.requests;
    const out = await client.chat(chatBody());
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 1 });
    expect(primary.state.requests).toBe(before);
    void backup;
  });
});
