import { afterEach, describe, expect, it } from "vitest";
import { createFailoverClient } from "../client.js";
import type { RoutingEvent } from "../types.js";
import { chatBody, startUpstream } from "../testing/upstream.js";
import { SseLines } from "./sse-lines.js";
import { ResponseTooLargeError } from "./limits.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: Record<string, unknown>) {
  const primary = await startUpstream("primary");
  const backup = await startUpstream("backup");
  const events: RoutingEvent[] = [];
  const client = createFailoverClient(
    {
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: primary.url },
        { name: "backup", url: backup.url },
      ],
      options: { healthChecks: false, consecutiveFailures: 2, ...options },
    },
    { onEvent: (e) => events.push(e) }
  );
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => client.close()
  );
  return { primary, backup, client, events };
}

const primaryOf = (client: { status(): unknown }) =>
  (client.status() as { endpoints: Array<{ name: string; breaker: string; failures?: number }> }).endpoints[0]!;

describe("size limits on upstream answers", () => {
  it("an endless non-streamed body fails as response_too_large, fails over, counts for the breaker", async () => {
    const { primary, client } = await setup({ maxResponseBytes: 256 * 1024 });
    primary.state.mode = "huge";
    const t0 = performance.now();
    for (let i = 0; i < 2; i++)
      expect(await client.chat(chatBody())).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
    expect(performance.now() - t0).toBeLessThan(2000);
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
    const { primary, client } = await setup({});
    primary.state.mode = "huge-error";
    const t0 = performance.now();
    // Retried once in place (a 500 is transient), then failed over: each body read only in part.
    expect(await client.chat(chatBody(true))).toMatchObject({ ok: true, servedBy: "backup", attempts: 3 });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe("SseLines", () => {
  it("splits lines across chunks and multi-byte characters", () => {
    const lines = new SseLines(1024);
    const bytes = Buffer.from("data: é\n\ndata: [DONE]\n");
    const out = [...lines.push(bytes.subarray(0, 7)), ...lines.push(bytes.subarray(7))];
    expect(out).toEqual(["data: é", "", "data: [DONE]"]);
  });

  it("takes linear time on a line with no newline, and refuses it past the bound", () => {
    const lines = new SseLines(8 * 1024 * 1024);
    const chunk = Buffer.alloc(1024, "x");
    const t0 = performance.now();
    let err: unknown;
    try {
      for (let i = 0; i < 10_000; i++) lines.push(chunk);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as ResponseTooLargeError).limit).toBe("maxSseLineBytes");
    // 8 MiB in 1 KiB chunks; the old rescan took seconds for this, a linear scan milliseconds.
    expect(performance.now() - t0).toBeLessThan(1000);
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
