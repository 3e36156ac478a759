import { afterEach, describe, expect, it } from "vitest";
import { clientOverPair } from "./testing/client-pair.js";
import { strategyNames } from "./strategies.js";
import { resolveOptions } from "./options.js";
import { chatBody, waitFor } from "./testing/upstream.js";
import { FakeClock } from "./testing/fake-clock.js";
import { advanceWhen, settledWithin } from "./testing/fake-time.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A pair whose client and slow primary share a fake clock: delays and timeouts happen only when the test moves it. */
async function setup(strategy: string, options: Record<string, unknown> = {}, slowMs = 300) {
  const clock = new FakeClock();
  return { clock, ...(await clientOverPair(strategy, options, cleanups, { slowMs, clock }, { clock })) };
}

describe("strategy presets", () => {
  it("are the eight the contracts name, in their order", () => {
    expect(strategyNames()).toEqual([
      "none",
      "manual",
      "active-passive",
      "active-active",
      "circuit-breaker",
      "hedged",
      "session-affinity",
      "conversation-backup",
    ]);
  });

  it("let a scenario override any option, durations as text or milliseconds", () => {
    expect(resolveOptions("hedged", { hedgeDelayMs: "150ms", stabilityWindowMs: "2s" })).toMatchObject({
      hedge: true,
      hedgeDelayMs: 150,
      stabilityWindowMs: 2000,
    });
    expect(() => resolveOptions("hedged", { retryBudgetRatio: 1.5 })).toThrow(
      /options\.retryBudgetRatio: 1\.5 must be a fraction between 0 and 1/
    );
    expect(() => resolveOptions("none", { routing: "random" })).toThrow(
      /options\.routing: "random" is not one of priority, single, weighted, latency/
    );
  });

  it("hedged: a late first byte hedges to the backup, keeps the first answer and cancels the other", async () => {
    const { client, clock, primary, backup, events } = await setup("hedged", { hedgeDelayMs: 50 });
    primary.state.mode = "slow";
    const pending = client.chat(chatBody());
    await advanceWhen(clock, () => primary.state.requests === 1, 49, "the primary to hold the request");
    expect(backup.state.requests).toBe(0);
    clock.advance(1);
    const out = await settledWithin(pending, "the hedged request");
    // Answered at 50 ms by the hedge: the 300 ms primary was never waited for (the clock never got there).
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 2, firstByteAt: 50 });
    expect([primary.state.requests, backup.state.requests]).toEqual([1, 1]);
    expect(events.map((e) => [e.kind, e.t])).toEqual([
      ["hedge_start", 50],
      ["hedge_winner", 50],
    ]);
    expect(events[1]).toMatchObject({ endpoint: "backup", reason: "hedge answered first" });
  });

  it("hedged: a first byte before the delay sends no hedge", async () => {
    // The clock never moves, so the 200 ms delay cannot pass however slowly the machine answers.
    const { client, backup, events } = await setup("hedged", { hedgeDelayMs: 200 });
    const out = await settledWithin(client.chat(chatBody()), "the request");
    expect(out).toMatchObject({ ok: true, servedBy: "primary", attempts: 1 });
    expect(backup.state.requests).toBe(0);
    expect(events).toEqual([]);
  });

  it("hedged: the caller's stream belongs to the first endpoint to send a token; the other is cancelled", async () => {
    const { client, clock, primary, events } = await setup("hedged", { hedgeDelayMs: 50 });
    primary.state.mode = "slow";
    const frames: string[] = [];
    const pending = client.chat(chatBody(true), { onChunk: (_line, endpoint) => frames.push(endpoint) });
    await advanceWhen(clock, () => primary.state.requests === 1, 50, "the primary to hold the stream");
    const out = await settledWithin(pending, "the hedged stream");
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 2, firstByteAt: 50 });
    expect(new Set(frames)).toEqual(new Set(["backup"]));
    expect(events.map((e) => e.kind)).toEqual(["hedge_start", "hedge_winner"]);
  });

  it("a caller's abort ends the request at once with class deadline", async () => {
    // On a clock that never moves no timeout can fire: only the caller's abort can end the request.
    const { client, primary } = await setup("active-passive");
    primary.state.mode = "hang";
    const ac = new AbortController();
    const pending = client.chat(chatBody(), { signal: ac.signal });
    await waitFor(() => primary.state.requests === 1, 5000, "the primary to hold the request");
    ac.abort();
    const out = await settledWithin(pending, "the aborted request");
    expect(out).toMatchObject({ ok: false, errorClass: "deadline", attempts: 1 });
  });

  it("circuit-breaker: answers slower than the latency bound count as failures and trip the breaker", async () => {
    const { client, clock, primary, events } = await setup(
      "circuit-breaker",
      { latencyBoundMs: 50, consecutiveFailures: 2 },
      100
    );
    primary.state.mode = "slow";
    const outs = [];
    for (let i = 0; i < 2; i++) {
      const pending = client.chat(chatBody());
      await advanceWhen(clock, () => primary.state.requests === i + 1, 100, "the primary to hold the request");
      outs.push(await settledWithin(pending, "a slow answer"));
    }
    for (let i = 0; i < 2; i++) outs.push(await settledWithin(client.chat(chatBody()), "an answer from the backup"));
    expect(outs.map((o) => o.servedBy)).toEqual(["primary", "primary", "backup", "backup"]);
    expect(outs.every((o) => o.ok)).toBe(true);
    expect(events.find((e) => e.kind === "breaker")).toMatchObject({
      t: 200,
      endpoint: "primary",
      to: "open",
      reason: expect.stringContaining("slower than 50 ms"),
    });
  });

  it("active-active: spreads requests over both healthy endpoints by weight", async () => {
    const { client, primary, backup } = await setup("active-active", { weights: { primary: 1, backup: 1 } });
    for (let i = 0; i < 60; i++) await client.chat(chatBody());
    expect(primary.state.requests).toBeGreaterThan(10);
    expect(backup.state.requests).toBeGreaterThan(10);
    expect(primary.state.requests + backup.state.requests).toBe(60);
  });

  it("manual: no automatic retry, the caller sees the primary's failure until the operator switches", async () => {
    const { client, primary, backup } = await setup("manual");
    primary.state.mode = "500";
    const out = await client.chat(chatBody());
    expect(out).toMatchObject({ ok: false, errorClass: "http_5xx", attempts: 1 });
    expect(backup.state.requests).toBe(0);
  });
});
