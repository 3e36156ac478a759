import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "@faultline/core";
import { createFailoverClient } from "../client.js";
import type { AttemptRecord } from "../types.js";
import { chatBody, type Mode } from "../testing/upstream.js";
import { clientOverPair } from "../testing/client-pair.js";
import { advanceWhen, settledWithin } from "../testing/fake-time.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A client over a primary in `mode` (8 tokens) and a backup, closed after the test; with the attempts it made. */
async function clientWith(mode: Mode, options: Record<string, unknown> = {}, clock?: FakeClock) {
  const attempts: AttemptRecord[] = [];
  const deps = { onAttempt: (a: AttemptRecord) => void attempts.push(a), ...(clock ? { clock } : {}) };
  const { primary, client } = await clientOverPair("active-passive", options, cleanups, { tokens: 8 }, deps);
  primary.state.mode = mode;
  return { client, attempts };
}

/** Streams one answer with the primary in `mode`; returns what the caller saw, in order: frames and flushes. */
async function streamWith(mode: Mode) {
  const { client } = await clientWith(mode);
  const seen: string[] = [];
  const out = await client.chat(chatBody(true), {
    onChunk: (line) => seen.push(line),
    onFlush: () => seen.push("<flush>"),
  });
  return { out, seen };
}

describe("onFlush, the end of a batch of streamed frames", () => {
  it("follows every frame of a whole stream before chat() settles", async () => {
    const { out, seen } = await streamWith("ok");
    expect(out.ok).toBe(true);
    const frames = seen.filter((s) => s !== "<flush>");
    expect(frames.filter((f) => f.includes('"content":"primary'))).toHaveLength(8);
    expect(seen.at(-1)).toBe("<flush>");
  });

  it("follows the error frame that ends a stream broken after its first token", async () => {
    const { out, seen } = await streamWith("stream-cut");
    expect(out.ok).toBe(false);
    expect(seen.at(-2)).toContain("stream_aborted");
    expect(seen.at(-1)).toBe("<flush>");
  });

  it("comes once for the frames of one upstream read, not once per HTTP chunk", async () => {
    // 32 token frames, each its own chunk of a chunked body as servers write them, in one socket write.
    const frames = 32;
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.cork();
      for (let i = 0; i < frames; i++) {
        const delta = i === 0 ? { role: "assistant", content: "t0" } : { content: `t${i}` };
        res.write(`data: ${JSON.stringify({ id: "c", model: "m", choices: [{ index: 0, delta }] })}\n\n`);
      }
      const finish = { id: "c", model: "m", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] };
      res.write(`data: ${JSON.stringify(finish)}\n\n`);
      res.end("data: [DONE]\n\n");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const client = createFailoverClient({ strategy: "active-passive", endpoints: [{ name: "one", url }] });
    cleanups.push(
      () => new Promise((r) => server.close(r)),
      () => client.close()
    );
    let flushes = 0;
    let tokens = 0;
    const out = await client.chat(chatBody(true), {
      onChunk: (line) => void (line.includes('"content":"t') && tokens++),
      onFlush: () => void flushes++,
    });
    expect(out.ok).toBe(true);
    expect(tokens).toBe(frames);
    // The headers may come in a read of their own, and the last frames with the end of the body: a few flushes at
    // most, where a flush per chunk made one per frame.
    expect(flushes).toBeGreaterThan(0);
    expect(flushes).toBeLessThanOrEqual(3);
  });

  it("a caller's onFlush that throws fails its attempt, as a throw in onChunk does, never the process", async () => {
    const { client, attempts } = await clientWith("ok");
    let throws = 1;
    const out = await client.chat(chatBody(true), {
      onChunk: () => {},
      onFlush: () => {
        if (throws-- > 0) throw new Error("the caller's writer broke");
      },
    });
    // The primary's attempt fails with the throw, after its first token: a cut answer, which names it.
    expect(attempts[0]).toMatchObject({ endpoint: "primary", ok: false, errorClass: "stream_cut" });
    expect(out).toMatchObject({ ok: false, errorClass: "stream_cut" });
    expect(out.error).toContain("the caller's writer broke");
  });

  it("a caller's onFlush that threw before a stream stalled leaves the stall to fail the attempt", async () => {
    const clock = new FakeClock();
    const { client, attempts } = await clientWith("stall", { streamStallMs: 150 }, clock);
    let tokens = 0;
    let thrown = false;
    const pending = client.chat(chatBody(true), {
      onChunk: (line) => void (line.includes('"content":"primary') && tokens++),
      onFlush: () => {
        // The flush of the read that brought the primary's last token before it stalls: nothing is read after it.
        if (tokens === 2 && !thrown) {
          thrown = true;
          throw new Error("the caller's writer broke");
        }
      },
    });
    await advanceWhen(clock, () => thrown, 150, "the flush after the primary's last token");
    const out = await settledWithin(pending, "the stalled stream");
    // The attempt fails as a stall, the way any stream that stops does, and the request settles (it once threw).
    expect(attempts[0]).toMatchObject({ endpoint: "primary", ok: false, errorClass: "stream_stall" });
    expect(out).toMatchObject({ ok: false, errorClass: "stream_stall" });
  });
});
