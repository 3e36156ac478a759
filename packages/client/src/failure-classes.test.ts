import { afterEach, describe, expect, it } from "vitest";
import { createFailoverClient } from "./client.js";
import type { AttemptRecord, EndpointConfig, RoutingEvent } from "./types.js";
import { chatBody, startUpstream } from "./testing/upstream.js";
import { FakeClock } from "./testing/fake-clock.js";
import { advanceWhen, settledWithin } from "./testing/fake-time.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(
  options: Record<string, unknown> = {},
  extra: Partial<EndpointConfig>[] = [{}, {}],
  strategy = "active-passive",
  clock?: FakeClock
) {
  const ups = await Promise.all(extra.map((_, i) => startUpstream(["primary", "backup", "tertiary"][i]!)));
  const events: RoutingEvent[] = [];
  const attempts: AttemptRecord[] = [];
  const client = createFailoverClient(
    { strategy, endpoints: ups.map((u, i) => ({ name: u.name, url: u.url, ...extra[i] })), options },
    { onEvent: (e) => events.push(e), onAttempt: (a) => attempts.push(a), ...(clock ? { clock } : {}) }
  );
  cleanups.push(...ups.map((u) => () => u.close()), () => client.close());
  const timed = async (body = chatBody(), opts = {}) => ({ out: await client.chat(body, opts) });
  return { ups, primary: ups[0]!, backup: ups[1]!, client, events, attempts, timed };
}

describe("each failure class", () => {
  it("connection reset: retried on the backup, the caller sees a success", async () => {
    const { primary, backup, timed } = await setup();
    primary.state.mode = "reset";
    const { out } = await timed();
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
    expect([primary.state.requests, backup.state.requests]).toEqual([1, 1]);
  });

  it("timeout before the first byte: fails over at exactly the first-byte timeout, not at the deadline", async () => {
    // The client's timers run on a fake clock: the hang is real (a socket that never answers), the 200 ms are not.
    const clock = new FakeClock();
    const { primary, backup, client, attempts } = await setup(
      { firstByteTimeoutMs: 200, nonStreamMsPerToken: 0 },
      [{}, {}],
      "active-passive",
      clock
    );
    primary.state.mode = "hang";
    const pending = client.chat(chatBody());
    await advanceWhen(clock, () => primary.state.requests === 1, 199, "the primary to hold the request");
    expect(backup.state.requests).toBe(0);
    clock.advance(1);
    const out = await settledWithin(pending, "the request, failed over at 200 ms");
    expect(out, out.error ?? "").toMatchObject({ ok: true, servedBy: "backup", attempts: 2, firstByteAt: 200 });
    expect(attempts.map((a) => [a.endpoint, a.errorClass, a.startedAt, a.durationMs])).toEqual([
      ["primary", "timeout", 0, 200],
      ["backup", null, 200, 0],
    ]);
    expect([primary.state.requests, backup.state.requests]).toEqual([1, 1]);
  });

  it("a non-streamed answer gets time to generate max_tokens on top of the first-byte timeout", async () => {
    // The upstream's slowness and the client's timeout share a fake clock: the answer comes at exactly 700 ms.
    const clock = new FakeClock();
    const slow = await startUpstream("slow", { slowMs: 700, clock });
    slow.state.mode = "slow";
    const client = createFailoverClient(
      {
        strategy: "active-passive",
        endpoints: [{ name: "slow", url: slow.url }],
        options: { firstByteTimeoutMs: 100, nonStreamMsPerToken: 40 },
      },
      { clock }
    );
    cleanups.push(
      () => slow.close(),
      () => client.close()
    );
    const pending = client.chat(chatBody()); // max_tokens 16: 100 + 16 x 40 = 740 ms allowed
    await advanceWhen(clock, () => slow.state.requests === 1, 700, "the upstream to hold the request");
    const out = await settledWithin(pending, "the slow answer");
    expect(out).toMatchObject({ ok: true, servedBy: "slow", attempts: 1, firstByteAt: 700 });
  });

  it("one end-to-end deadline: when every endpoint hangs, the request ends at the deadline as deadline", async () => {
    const clock = new FakeClock();
    const { ups, client, attempts } = await setup(
      { firstByteTimeoutMs: 200, nonStreamMsPerToken: 0 },
      [{}, {}],
      "active-passive",
      clock
    );
    for (const u of ups) u.state.mode = "hang";
    const pending = client.chat(chatBody(), { deadlineMs: 300 });
    // The primary's first-byte timeout, then the deadline, 100 ms before the backup's own first-byte timeout.
    await advanceWhen(clock, () => ups[0]!.state.requests === 1, 200, "the primary to hold the request");
    await advanceWhen(clock, () => ups[1]!.state.requests === 1, 100, "the backup to hold the request");
    const out = await settledWithin(pending, "the request, ended at its 300 ms deadline");
    expect(out).toMatchObject({ ok: false, errorClass: "deadline", attempts: 2 });
    expect(attempts.map((a) => [a.endpoint, a.startedAt, a.startedAt + a.durationMs])).toEqual([
      ["primary", 0, 200],
      ["backup", 200, 300],
    ]);
  });

  it("429 with a long Retry-After: the endpoint is left alone for that long and the backup serves", async () => {
    // 3 s: above retryAfterWaitMaxMs (2 s), so the request fails over instead of waiting in place.
    const clock = new FakeClock();
    const limited = await startUpstream("primary", { retryAfter: "3" });
    const backup = await startUpstream("backup");
    limited.state.mode = "429";
    const client = createFailoverClient(
      {
        strategy: "active-passive",
        endpoints: [
          { name: "primary", url: limited.url },
          { name: "backup", url: backup.url },
        ],
        options: { healthChecks: false },
      },
      { clock }
    );
    cleanups.push(
      () => limited.close(),
      () => backup.close(),
      () => client.close()
    );
    const outs = [];
    for (let t = 0; t < 3000; t += 60) {
      outs.push(await settledWithin(client.chat(chatBody()), `the request at ${t} ms`));
      clock.advance(60);
    }
    expect(outs.every((o) => o.ok && o.servedBy === "backup")).toBe(true);
    expect(limited.state.requests).toBe(1); // 50 requests over 2,940 ms, none to the cooling primary
    await settledWithin(client.chat(chatBody()), "the request at 3,000 ms");
    expect(limited.state.requests).toBe(2); // the Retry-After is over: the primary is tried again
  });

  it("persistent 429 without Retry-After: at most a handful of attempts a second reach the endpoint", async () => {
    // Two seconds of the client's clock, a request every 10 ms: the cooldowns are judged on that clock.
    const clock = new FakeClock();
    const { primary, backup, client } = await setup({ healthChecks: false }, [{}, {}], "active-passive", clock);
    primary.state.mode = "429";
    let failed = 0;
    for (let t = 0; t < 2000; t += 10) {
      const o = await client.chat(chatBody());
      if (!o.ok) failed += 1;
      clock.advance(10);
    }
    expect(failed).toBe(0);
    expect(primary.state.requests).toBeLessThanOrEqual(4); // 1 s cooldown, then 2 s: 2 attempts in 2 s
    expect(backup.state.requests).toBeGreaterThan(190);
  });

  it("context_length_exceeded: never resent to the same model, sent to the endpoint with a larger window", async () => {
    const { primary, backup, ups, timed } = await setup({}, [
      { maxContextTokens: 8192 },
      { maxContextTokens: 8192 },
      { maxContextTokens: 128_000 },
    ]);
    primary.state.mode = "context";
    const { out } = await timed();
    expect(out).toMatchObject({ ok: true, servedBy: "tertiary", attempts: 2 });
    expect([primary.state.requests, backup.state.requests, ups[2]!.state.requests]).toEqual([1, 0, 1]);
  });

  it("context_length_exceeded, no larger window configured: the caller gets the 400 after one attempt", async () => {
    const { primary, backup, timed } = await setup();
    primary.state.mode = "context";
    const { out } = await timed();
    expect(out).toMatchObject({ ok: false, status: 400, errorClass: "http_4xx", attempts: 1 });
    expect(backup.state.requests).toBe(0);
  });

  it("content policy 400: the provider's reason passes through and it is never retried", async () => {
    const { primary, backup, timed } = await setup();
    primary.state.mode = "policy";
    const { out } = await timed();
    expect(out).toMatchObject({ ok: false, status: 400, errorClass: "http_4xx", attempts: 1 });
    expect(out.error).toContain("refused by content_policy: violence");
    expect(backup.state.requests).toBe(0);
  });

  it("panic mode: with every breaker open the request is still sent, to the endpoint that reopens first", async () => {
    const { ups, client } = await setup({ consecutiveFailures: 1, breakerOpenMs: 60_000 });
    for (const u of ups) u.state.mode = "500";
    // both breakers now open
    expect(await client.chat(chatBody())).toMatchObject({ ok: false, errorClass: "http_5xx", attempts: 2 });
    for (const u of ups) u.state.mode = "ok";
    const out = await client.chat(chatBody());
    expect(out).toMatchObject({ ok: true, servedBy: "primary", attempts: 1 });
  });

  it("panic mode covers half-open breakers with their probes taken too: the request is sent, not refused", async () => {
    const ups = await Promise.all([
      startUpstream("primary", { slowMs: 150 }),
      startUpstream("backup", { slowMs: 150 }),
    ]);
    const clock = new FakeClock();
    const client = createFailoverClient(
      {
        strategy: "active-passive",
        endpoints: ups.map((u) => ({ name: u.name, url: u.url })),
        options: { consecutiveFailures: 1, breakerOpenMs: 50, healthChecks: false, maxAttempts: 2 },
      },
      { clock }
    );
    cleanups.push(...ups.map((u) => () => u.close()), () => client.close());
    for (const u of ups) u.state.mode = "500";
    await client.chat(chatBody()); // both breakers open
    clock.advance(100); // both may probe again
    for (const u of ups) u.state.mode = "slow";
    const a = client.chat(chatBody()); // takes the primary's half-open probe
    const b = client.chat(chatBody()); // takes the backup's
    const c = await client.chat(chatBody()); // no probe left anywhere: panic, sent anyway
    expect(c).toMatchObject({ ok: true, attempts: 1 });
    expect((await a).ok && (await b).ok).toBe(true);
  });

  it("a malformed 200 body is never handed over: retried on the backup", async () => {
    const { primary, timed } = await setup();
    primary.state.mode = "malformed";
    const { out } = await timed();
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
  });
});
