import { afterEach, describe, expect, it } from "vitest";
import { createFailoverClient } from "../client.js";
import type { AttemptRecord, RoutingEvent } from "../types.js";
import { chatBody, startUpstream, waitFor } from "../testing/upstream.js";
import { FakeClock } from "../testing/fake-clock.js";
import { settledWithin } from "../testing/fake-time.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: Record<string, unknown>) {
  const primary = await startUpstream("primary");
  const backup = await startUpstream("backup");
  const events: RoutingEvent[] = [];
  const attempts: AttemptRecord[] = [];
  const client = createFailoverClient(
    {
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: primary.url },
        { name: "backup", url: backup.url },
      ],
      options: { healthChecks: false, consecutiveFailures: 2, ...options },
    },
    // A clock that never moves: no timeout can end an attempt, so whatever ends one is the size limit under test.
    // No jitter: a retry in place waits 0 ms, so the frozen clock holds nothing up.
    { onEvent: (e) => events.push(e), onAttempt: (a) => attempts.push(a), clock: new FakeClock(), random: () => 0 }
  );
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => client.close()
  );
  const classes = () => attempts.map((a) => [a.endpoint, a.errorClass]);
  return { primary, backup, client, events, classes };
}

const primaryOf = (client: { status(): unknown }) =>
  (client.status() as { endpoints: Array<{ name: string; breaker: string; failures?: number }> }).endpoints[0]!;

describe("size limits on upstream answers", () => {
  it("an endless non-streamed body fails as response_too_large, fails over, counts for the breaker", async () => {
    const { primary, client, classes } = await setup({ maxResponseBytes: 256 * 1024 });
    primary.state.mode = "huge";
    for (let i = 0; i < 2; i++)
      expect(await settledWithin(client.chat(chatBody()), "a request")).toMatchObject({
        ok: true,
        servedBy: "backup",
        attempts: 2,
      });
    expect(classes()).toEqual([
      ["primary", "response_too_large"],
      ["backup", null],
      ["primary", "response_too_large"],
      ["backup", null],
    ]);
    // The client hung up on each endless body rather than reading its 64 MiB to the end.
    await waitFor(() => primary.state.hungUpOn === 2, 5000, "the primary to see both hang-ups");
    expect(primaryOf(client).breaker).toBe("open");
  });

  it("a stream line that never ends is cut at maxSseLineBytes, and the backup serves the stream", async () => {
    const { primary, client, events } = await setup({ maxSseLineBytes: 128 * 1024 });
    primary.state.mode = "no-newline";
    const frames: string[] = [];
    const out = await client.chat(chatBody(true), { onChunk: (l) => frames.push(l) });
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
    expect(frames.join("")).toContain("backup0");
    expect(events.find((e) => e.kind === "retry")?.reason).toMatch(/^response_too_large: .*maxSseLineBytes/);
    expect(primaryOf(client)).toMatchObject({ failures: 1 });
  });

  it("a stream over maxResponseBytes ends as response_too_large; the caller gets an explicit error frame", async () => {
    const { primary, backup, client, events } = await setup({ maxResponseBytes: 256 * 1024 });
    primary.state.mode = "huge";
    backup.state.mode = "huge";
    const frames: string[] = [];
    const out = await client.chat(chatBody(true), { onChunk: (l) => frames.push(l) });
    expect(out).toMatchObject({ ok: false, errorClass: "response_too_large" });
    expect(frames.at(-1)).toContain("stream_aborted");
    expect(events.some((e) => e.kind === "stream_aborted")).toBe(true);
  });

  it("an endless error body is read only in part: the 5xx is classed and failed over at once", async () => {
    const { primary, client, classes } = await setup({});
    primary.state.mode = "huge-error";
    // Retried once in place (a 500 is transient), then failed over: each body read only in part.
    expect(await settledWithin(client.chat(chatBody(true)), "the request")).toMatchObject({
      ok: true,
      servedBy: "backup",
      attempts: 3,
    });
    expect(classes()).toEqual([
      ["primary", "http_5xx"],
      ["primary", "http_5xx"],
      ["backup", null],
    ]);
    await waitFor(() => primary.state.hungUpOn === 2, 5000, "the primary to see both hang-ups");
  });
});

describe("a caller's bad input", () => {
  it("a negative max_tokens does not shorten the attempt's timeout into a fake upstream timeout", async () => {
    const { primary, client } = await setup({});
    const out = await client.chat({ ...chatBody(), max_tokens: -1000 });
    // The upstream decides what a bad max_tokens gets; the client must not blame it for a timeout of its own making.
    expect(out).toMatchObject({ ok: true, servedBy: "primary", attempts: 1 });
    expect(primary.state.requests).toBe(1);
    expect(primaryOf(client)).toMatchObject({ breaker: "closed", failures: 0 });
  });
});
