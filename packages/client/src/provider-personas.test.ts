import { afterEach, describe, expect, it } from "vitest";
import { startNode, type RunningNode } from "@faultline/node";
import { createFailoverClient } from "./client.js";
import type { EndpointConfig, FailoverClient } from "./types.js";
import { FakeClock } from "./testing/fake-clock.js";
import { injectFault, removeFault } from "./testing/load.js";

// The faultline client against real nodes wearing each provider persona: every form of Retry-After honoured to the
// millisecond (on a fake clock), quota errors never retried, Anthropic's 529 taken as the whole provider overloaded.

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const body = (extra: Record<string, unknown> = {}) => ({
  model: "m",
  messages: [{ role: "user", content: "hello" }],
  max_tokens: 4,
  ...extra,
});

async function node(name: string, persona?: string, overrides?: Record<string, number>): Promise<RunningNode> {
  const n = await startNode({
    name,
    profile: "zero",
    port: 0,
    ...(persona ? { persona } : {}),
    ...(overrides ? { overrides } : {}),
  });
  cleanups.push(() => n.close());
  return n;
}

function client(endpoints: EndpointConfig[], clock: FakeClock, options: Record<string, unknown> = {}): FailoverClient {
  const c = createFailoverClient(
    { strategy: "active-passive", endpoints, options: { healthChecks: false, ...options } },
    { clock }
  );
  cleanups.push(() => c.close());
  return c;
}

/** A persona primary and a plain backup behind one client on a fake clock. */
async function pair(persona: string, options: Record<string, unknown> = {}) {
  const [primary, backup] = [await node("primary", persona), await node("backup")];
  const clock = new FakeClock();
  const c = client(
    [
      { name: "primary", url: `${primary.url}/v1` },
      { name: "backup", url: `${backup.url}/v1` },
    ],
    clock,
    options
  );
  return { primary, backup, clock, c };
}

/**
 * Injects `fault` on the primary, sees the backup serve, lifts the fault, and measures how long the primary rests:
 * still avoided `ms - 1` later, serving again at `ms`.
 */
async function expectRest(p: Awaited<ReturnType<typeof pair>>, fault: Record<string, unknown>, ms: number) {
  const id = await injectFault(p.primary, fault);
  expect(await p.c.chat(body())).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
  await removeFault(p.primary, id);
  p.clock.advance(ms - 1);
  expect(await p.c.chat(body())).toMatchObject({ ok: true, servedBy: "backup", attempts: 1 });
  p.clock.advance(1);
  expect(await p.c.chat(body())).toMatchObject({ ok: true, servedBy: "primary", attempts: 1 });
}

/** A client with the persona node as its only endpoint: what it does with a fault no other endpoint can absorb. */
async function alone(persona: string, fault: Record<string, unknown>) {
  const n = await node("only", persona);
  await injectFault(n, fault);
  return client([{ name: "only", url: `${n.url}/v1` }], new FakeClock()).chat(body());
}

describe("the client reads each persona", () => {
  it("openai: waits out retry-after-ms to the millisecond; insufficient_quota is never retried", async () => {
    await expectRest(await pair("openai"), { kind: "rate-limit", retryAfterMs: 2500 }, 2500);
    const p = await pair("openai");
    await expectRest(p, { kind: "quota-exhausted" }, 600_000); // quotaCooldownMs
    expect(await alone("openai", { kind: "quota-exhausted" })).toMatchObject({
      ok: false,
      errorClass: "quota",
      attempts: 1,
    });
  });

  it("azure-openai: waits out retry-after-ms; a daily quota's 86400 s keeps the endpoint out for a day", async () => {
    await expectRest(await pair("azure-openai"), { kind: "rate-limit", retryAfterMs: 2500 }, 2500);
    await expectRest(await pair("azure-openai"), { kind: "quota-exhausted" }, 86_400_000);
  });

  it("anthropic: honours retry-after; never retries spend-limit 429s; a 529 rests its origin's endpoints", async () => {
    await expectRest(await pair("anthropic"), { kind: "rate-limit", retryAfterMs: 2500 }, 3000); // whole seconds
    expect(await alone("anthropic", { kind: "quota-exhausted" })).toMatchObject({
      ok: false,
      errorClass: "quota",
      attempts: 1,
    });
    // Two models behind one Anthropic origin, then a backup elsewhere: a 529 on the first skips the second too.
    const [claude, backup] = [await node("claude", "anthropic"), await node("backup")];
    const clock = new FakeClock();
    const c = client(
      [
        { name: "opus", url: `${claude.url}/v1#opus` },
        { name: "sonnet", url: `${claude.url}/v1#sonnet` },
        { name: "backup", url: `${backup.url}/v1` },
      ],
      clock
    );
    const id = await injectFault(claude, { kind: "errors", status: 503 });
    expect(await c.chat(body())).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
    await removeFault(claude, id);
    clock.advance(999);
    expect(await c.chat(body())).toMatchObject({ servedBy: "backup", attempts: 1 });
    clock.advance(1); // the 529's retry-after: 1
    expect(await c.chat(body())).toMatchObject({ servedBy: "opus", attempts: 1 });
  });

  it("gemini: waits out RetryInfo.retryDelay from the body, hours long for a daily quota", async () => {
    await expectRest(await pair("gemini"), { kind: "rate-limit", retryAfterMs: 2500 }, 2500);
    await expectRest(await pair("gemini"), { kind: "quota-exhausted", resetAfterMs: 6 * 3_600_000 }, 6 * 3_600_000);
  });

  it("bedrock: throttling rests rateLimitCooldownMs; quota never retried; a 424 mid-stream is no success", async () => {
    await expectRest(await pair("bedrock"), { kind: "rate-limit" }, 1000); // no Retry-After: rateLimitCooldownMs
    expect(await alone("bedrock", { kind: "quota-exhausted" })).toMatchObject({
      ok: false,
      errorClass: "quota",
      attempts: 1,
    });
    const slow = await node("slow", "bedrock", { itlMs: 20 });
    const c = client([{ name: "slow", url: `${slow.url}/v1` }], new FakeClock(), { resumeStreams: false });
    const chunks: string[] = [];
    let injected: Promise<string> | null = null;
    const out = await c.chat(body({ stream: true, max_tokens: 200 }), {
      onChunk: (line) => {
        chunks.push(line);
        injected ??= injectFault(slow, { kind: "engine-dead" });
      },
    });
    await injected;
    expect(out.ok).toBe(false);
    expect(out.error).toContain("error occurred while streaming");
    expect(chunks.length).toBeLessThan(200);
  });
});
