import { afterEach, describe, expect, it } from "vitest";
import { createFailoverClient } from "../client.js";
import { chatBody, startUpstream } from "../testing/upstream.js";
import type { RoutingEvent } from "../types.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: Record<string, unknown> = {}, primaryOpts: { retryAfterMs?: number } = {}) {
  const primary = await startUpstream("primary", primaryOpts);
  const backup = await startUpstream("backup");
  const events: RoutingEvent[] = [];
  const client = createFailoverClient(
    {
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: primary.url },
        { name: "backup", url: backup.url },
      ],
      options: { healthChecks: false, ...options },
    },
    { onEvent: (e) => events.push(e) }
  );
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => client.close()
  );
  const retries = () => events.filter((e) => e.kind === "retry").map((e) => `${e.from}->${e.to}`);
  return { primary, backup, client, retries };
}

describe("retrying the same endpoint where that is right", () => {
  it("a 500 once, then healthy: one retry on the same endpoint, the backup never asked", async () => {
    const { client, primary, backup, retries } = await setup();
    primary.state.mode = "500";
    primary.state.modeLeft = 1;
    const out = await client.chat(chatBody(false));
    expect(out).toMatchObject({ ok: true, servedBy: "primary", attempts: 2 });
    expect([primary.state.requests, backup.state.requests]).toEqual([2, 0]);
    expect(retries()).toEqual(["primary->primary"]);
  });

  it("a persistent 503: one retry in place, then the backup", async () => {
    const { client, primary, backup, retries } = await setup();
    primary.state.mode = "500";
    const out = await client.chat(chatBody(true));
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 3 });
    expect([primary.state.requests, backup.state.requests]).toEqual([2, 1]);
    expect(retries()).toEqual(["primary->primary", "primary->backup"]);
  });

  it("with retrySameEndpoint off, a 500 goes straight to the backup", async () => {
    const { client, primary, backup } = await setup({ retrySameEndpoint: false });
    primary.state.mode = "500";
    primary.state.modeLeft = 1;
    expect(await client.chat(chatBody(false))).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
    expect([primary.state.requests, backup.state.requests]).toEqual([1, 1]);
  });

  it("a 429 with a short Retry-After is waited out on the same endpoint instead of failing over", async () => {
    const { client, primary, backup, retries } = await setup({}, { retryAfterMs: 150 });
    primary.state.mode = "429";
    primary.state.modeLeft = 1;
    const out = await client.chat(chatBody(false));
    expect(out).toMatchObject({ ok: true, servedBy: "primary", attempts: 2 });
    expect(backup.state.requests).toBe(0);
    expect(retries()).toEqual(["primary->primary"]);
    // The second try went out no sooner than the Retry-After said.
    expect(primary.state.times[1]! - primary.state.times[0]!).toBeGreaterThanOrEqual(145);
  });

  it("a 429 with a Retry-After above retryAfterWaitMaxMs fails over at once", async () => {
    const { client, primary, backup, retries } = await setup({ retryAfterWaitMaxMs: 100 }, { retryAfterMs: 150 });
    primary.state.mode = "429";
    const out = await client.chat(chatBody(false));
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
    expect([primary.state.requests, backup.state.requests]).toEqual([1, 1]);
    expect(retries()).toEqual(["primary->backup"]);
  });
});
