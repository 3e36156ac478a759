import { afterEach, describe, expect, it } from "vitest";
import { createFailoverClient } from "../client.js";
import { chatBody, startUpstream, waitFor } from "../testing/upstream.js";
import type { RoutingEvent } from "../types.js";
import { FakeClock } from "../testing/fake-clock.js";
import { settledWithin } from "../testing/fake-time.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * A full and a degraded upstream behind one client with the lower tiers' options given. The client's timers (breaker
 * open times, the queue's deadline, the cache's staleness) run on a fake clock that moves only when a test moves it.
 */
async function tieredClient(options: Record<string, unknown>, degradedMaxTokens?: number) {
  const clock = new FakeClock();
  const primary = await startUpstream("primary");
  const small = await startUpstream("small");
  const events: RoutingEvent[] = [];
  const client = createFailoverClient(
    {
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: primary.url, tier: "full" },
        {
          name: "small",
          url: small.url,
          tier: "degraded",
          ...(degradedMaxTokens ? { maxTokens: degradedMaxTokens } : {}),
        },
      ],
      // No health checks: the breakers' own recovery is the signal the queue waits for.
      options: { healthChecks: false, retrySameEndpoint: false, consecutiveFailures: 1, ...options },
    },
    { onEvent: (e) => events.push(e), clock }
  );
  cleanups.push(
    () => primary.close(),
    () => small.close(),
    () => client.close()
  );
  const queue = () =>
    (client.status() as { tiers: { retryQueue: { size: number; overflow: number } } }).tiers.retryQueue;
  /** Requests waiting in the retry queue now. */
  const queued = () => queue().size;
  /** Requests the full queue has turned away so far. */
  const turnedAway = () => queue().overflow;
  return { primary, small, client, events, clock, queued, turnedAway };
}

describe("the minimal tier: answers from the cache when nothing full or degraded can serve", () => {
  it("serves the same request's stored answer, marked minimal with its age and maker, and no other", async () => {
    const { primary, small, client, clock } = await tieredClient({ answerCacheSize: 8, answerCacheMaxStaleMs: 60_000 });
    const fresh = await client.chat(chatBody());
    expect(fresh).toMatchObject({ ok: true, tier: "full", servedBy: "primary" });
    primary.state.mode = "500";
    small.state.mode = "500";
    clock.advance(1234);
    const cached = await client.chat({ ...chatBody(), user: "someone else" });
    expect(cached).toMatchObject({ ok: true, tier: "minimal", servedBy: "primary", status: 200, cacheAgeMs: 1234 });
    expect(cached.bodyText).toBe(fresh.bodyText);
    // A request never answered before has nothing to fall back on.
    const other = await client.chat({ ...chatBody(), max_tokens: 17 });
    expect(other).toMatchObject({ ok: false, errorClass: "http_5xx" });
  });

  it("replays a cached answer as a stream, and never serves one to a request whose minTier forbids it", async () => {
    const { primary, small, client } = await tieredClient({ answerCacheSize: 8 });
    await client.chat(chatBody(true), { onChunk: () => undefined });
    primary.state.mode = "500";
    small.state.mode = "500";
    const frames: string[] = [];
    const replay = await client.chat(chatBody(true), { onChunk: (line) => frames.push(line) });
    expect(replay).toMatchObject({ ok: true, tier: "minimal" });
    const text = frames.map((f) => JSON.parse(f).choices[0]?.delta?.content ?? "").join("");
    expect(text).toBe("primary0 primary1 primary2 primary3 primary4 ");
    const strict = await client.chat(chatBody(), { minTier: "degraded" });
    expect(strict).toMatchObject({ ok: false, errorClass: "http_5xx" });
  });

  it("does not serve an answer older than answerCacheMaxStaleMs", async () => {
    const { primary, small, client, clock } = await tieredClient({ answerCacheSize: 8, answerCacheMaxStaleMs: 50 });
    await client.chat(chatBody());
    primary.state.mode = "500";
    small.state.mode = "500";
    clock.advance(50);
    expect(await client.chat(chatBody())).toMatchObject({ ok: true, tier: "minimal", cacheAgeMs: 50 });
    clock.advance(1);
    expect(await client.chat(chatBody())).toMatchObject({ ok: false, errorClass: "http_5xx" });
  });
});

describe("the emergency tier: a bounded retry queue, then the maintenance answer", () => {
  it("sends a queued request again when a breaker half-opens, and it is rescued before its deadline", async () => {
    const { primary, small, client, clock, queued } = await tieredClient({
      retryQueueSize: 4,
      breakerOpenMs: 150,
      deadlineMs: 3000,
    });
    primary.state.mode = "500";
    small.state.mode = "500";
    const pending = client.chat(chatBody());
    await waitFor(() => queued() === 1, 5000, "the request to wait in the retry queue");
    primary.state.mode = "ok";
    clock.advance(149);
    expect(primary.state.requests).toBe(1); // the breaker is still open: nothing sent again yet
    clock.advance(1);
    const out = await settledWithin(pending, "the queued request, woken when the breaker half-opened");
    // Woken by the breaker's open time ending (150 ms), not by its 3 s deadline.
    expect(out).toMatchObject({
      ok: true,
      tier: "full",
      servedBy: "primary",
      queue: { outcome: "rescued", waitedMs: 150 },
    });
  });

  it("gives the maintenance answer at the deadline when nothing recovers, never later", async () => {
    const { primary, small, client, clock, queued } = await tieredClient({
      retryQueueSize: 4,
      breakerOpenMs: 100,
      deadlineMs: 500,
      maintenanceRetryAfterMs: 20_000,
    });
    primary.state.mode = "500";
    small.state.mode = "500";
    const pending = client.chat(chatBody());
    // Each recovery (a breaker half-opening every 100 ms) sends it again; it fails again and waits on.
    for (let t = 0; t < 500; t += 100) {
      await waitFor(() => queued() === 1 && clock.now() === t, 5000, `the request back in the queue at ${t} ms`);
      clock.advance(100);
    }
    const out = await settledWithin(pending, "the request, answered at its 500 ms deadline");
    expect(out).toMatchObject({
      ok: false,
      status: 503,
      errorClass: "maintenance",
      tier: "emergency",
      retryAfterMs: 20_000,
      queue: { outcome: "timed_out", waitedMs: 500 },
    });
    expect(out.error).toMatch(/^The service is under maintenance\. Please try again shortly\. \(no endpoint recovered/);
  });

  it("never holds more than its bound: the overflow gets the maintenance answer at once", async () => {
    const { primary, small, client, clock, queued, turnedAway } = await tieredClient({
      retryQueueSize: 1,
      deadlineMs: 400,
    });
    primary.state.mode = "500";
    small.state.mode = "500";
    const both = Promise.all([client.chat(chatBody()), client.chat(chatBody())]);
    await waitFor(() => queued() === 1 && turnedAway() === 1, 5000, "one request in the queue, one turned away");
    clock.advance(400);
    const [a, b] = await settledWithin(both, "both requests");
    const outcomes = [a!.queue!.outcome, b!.queue!.outcome].sort();
    expect(outcomes).toEqual(["overflow", "timed_out"]);
    const overflow = a!.queue!.outcome === "overflow" ? a! : b!;
    expect(overflow.queue!.waitedMs).toBe(0);
    expect(overflow.errorClass).toBe("maintenance");
  });

  it("answers with an OpenAI-shaped maintenance message when maintenanceAnswer is message", async () => {
    const { primary, small, client, clock, queued } = await tieredClient({
      retryQueueSize: 1,
      deadlineMs: 200,
      maintenanceAnswer: "message",
      maintenanceMessage: "Back at noon.",
    });
    primary.state.mode = "500";
    small.state.mode = "500";
    const pending = client.chat(chatBody());
    await waitFor(() => queued() === 1, 5000, "the request in the queue");
    clock.advance(200);
    const out = await settledWithin(pending, "the request at its deadline");
    expect(out).toMatchObject({ ok: false, status: 200, errorClass: "maintenance", tier: "emergency" });
    expect((out.body as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe(
      "Back at noon."
    );
  });
});

describe("minTier refusals and the degraded tier's max_tokens cap", () => {
  it("a request refused for its minTier ends min_tier, naming the endpoint it set aside", async () => {
    const { primary, client } = await tieredClient({});
    primary.state.mode = "500";
    const out = await client.chat(chatBody(), { minTier: "full" });
    expect(out.errorClass).toBe("min_tier");
    expect(out.error).toMatch(/small \(below it\) was not tried/);
  });

  it("lowers a larger max_tokens to the degraded endpoint's cap, and leaves a smaller one", async () => {
    const { primary, small, client } = await tieredClient({}, 8);
    primary.state.mode = "500";
    await client.chat({ ...chatBody(), max_tokens: 64 });
    await client.chat({ ...chatBody(), max_tokens: 4 });
    expect(small.state.bodies.map((b) => b.max_tokens)).toEqual([8, 4]);
    expect(primary.state.bodies.every((b) => b.max_tokens !== 8)).toBe(true);
  });
});
