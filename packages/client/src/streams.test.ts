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
  backupExtra: Partial<EndpointConfig> = {},
  options: Record<string, unknown> = {},
  clock?: FakeClock
) {
  const primary = await startUpstream("primary");
  const backup = await startUpstream("backup");
  const events: RoutingEvent[] = [];
  const attempts: AttemptRecord[] = [];
  const client = createFailoverClient(
    {
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: primary.url },
        { name: "backup", url: backup.url, ...backupExtra },
      ],
      options,
    },
    { onEvent: (e) => events.push(e), onAttempt: (a) => attempts.push(a), ...(clock ? { clock } : {}) }
  );
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => client.close()
  );
  /** Frames of the stream in flight, so a test can see how far it got. */
  const frames: Array<{ line: string; endpoint: string }> = [];
  const stream = async (whileSent?: () => Promise<void>) => {
    frames.length = 0;
    const pending = client.chat(chatBody(true), { onChunk: (line, endpoint) => frames.push({ line, endpoint }) });
    await whileSent?.();
    const out = await settledWithin(pending, "the stream");
    const text = frames.map((f) => JSON.parse(f.line).choices?.[0]?.delta?.content ?? "").join("");
    return { out, frames, text, last: JSON.parse(frames.at(-1)?.line ?? "{}") };
  };
  return { primary, backup, client, events, attempts, frames, stream };
}

describe("streams are a contract", () => {
  it("a complete stream is a success with every frame forwarded and the tokens counted", async () => {
    const { stream } = await setup();
    const { out, text, frames } = await stream();
    expect(out).toMatchObject({ ok: true, servedBy: "primary", attempts: 1, completionTokens: 5 });
    expect(text).toBe("primary0 primary1 primary2 primary3 primary4 ");
    expect(frames[0]!.endpoint).toBe("primary");
    expect(out.firstByteAt).not.toBeNull();
  });

  it("a stream cut mid-answer, no prefill-capable backup, ends in an explicit error frame, never success", async () => {
    const { primary, backup, stream, events } = await setup();
    primary.state.mode = "stream-cut";
    const { out, text, last } = await stream();
    expect(out).toMatchObject({ ok: false, errorClass: "stream_cut", attempts: 1 });
    expect(text).toBe("primary0 primary1 ");
    expect(last.error.code).toBe("stream_aborted");
    expect(backup.state.requests).toBe(0);
    expect(events.some((e) => e.kind === "stream_aborted")).toBe(true);
  });

  it("a stream cut mid-answer is resumed on a backup that supports prefill, without duplicated text", async () => {
    const { primary, backup, stream, events } = await setup({ supportsPrefill: true });
    primary.state.mode = "stream-cut";
    const { out, text } = await stream();
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
    expect(text).toBe("primary0 primary1 backup0 backup1 backup2 backup3 backup4 ");
    const resumeBody = backup.state.bodies[0] as {
      messages: Array<{ role: string; content: string }>;
      max_tokens: number;
    };
    expect(resumeBody.messages.at(-1)).toEqual({ role: "assistant", content: "primary0 primary1 " });
    // The caller asked for 16 tokens in all and 2 went out before the cut.
    expect(resumeBody.max_tokens).toBe(14);
    expect(events.find((e) => e.kind === "stream_resumed")).toMatchObject({ from: "primary", to: "backup" });
    void primary;
  });

  it("a stream that stalls mid-answer ends as stream_stall exactly streamStallMs after its last token", async () => {
    const clock = new FakeClock();
    const { primary, stream, frames, attempts } = await setup({}, { streamStallMs: 150 }, clock);
    primary.state.mode = "stall";
    const sawToken1 = () => frames.some((f) => f.line.includes("primary1"));
    const { out, last } = await stream(async () => {
      await advanceWhen(clock, sawToken1, 149, "the second token, after which the upstream stalls");
      clock.advance(1);
    });
    expect(out).toMatchObject({ ok: false, errorClass: "stream_stall", firstByteAt: 0 });
    expect(attempts.map((a) => [a.errorClass, a.durationMs])).toEqual([["stream_stall", 150]]);
    expect(last.error).toBeDefined();
  });

  it("a stream that finishes without [DONE] is a whole answer, not a cut: no resume, one attempt", async () => {
    const { primary, backup, stream, events } = await setup({ supportsPrefill: true });
    primary.state.mode = "no-done";
    const { out, text } = await stream();
    expect(out).toMatchObject({ ok: true, servedBy: "primary", attempts: 1, completionTokens: 5 });
    expect(text).toBe("primary0 primary1 primary2 primary3 primary4 ");
    expect(backup.state.requests).toBe(0);
    expect(events.map((e) => e.kind)).toEqual(["stream_anomaly"]);
  });

  it("a stream cut before its finish_reason is still a cut", async () => {
    const { primary, stream } = await setup();
    primary.state.mode = "stream-cut";
    const { out } = await stream();
    expect(out).toMatchObject({ ok: false, errorClass: "stream_cut", completionTokens: 2 });
  });

  it("a time-to-first-token deadline fails the stream over before anything reached the caller", async () => {
    const clock = new FakeClock();
    const { primary, stream, attempts } = await setup({}, { firstByteTimeoutMs: 150 }, clock);
    primary.state.mode = "hang";
    const { out, frames } = await stream(() =>
      advanceWhen(clock, () => primary.state.requests === 1, 150, "the primary to hold the stream")
    );
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 2, firstByteAt: 150 });
    expect(frames.every((f) => f.endpoint === "backup")).toBe(true);
    expect(attempts.map((a) => [a.endpoint, a.errorClass, a.startedAt])).toEqual([
      ["primary", "timeout", 0],
      ["backup", null, 150],
    ]);
  });

  it("a 500 before the first token fails over invisibly (after one try in place)", async () => {
    const { primary, stream } = await setup();
    primary.state.mode = "500";
    const { out, text } = await stream();
    expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 3 });
    expect(text).toBe("backup0 backup1 backup2 backup3 backup4 ");
  });
});
