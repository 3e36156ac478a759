import { afterEach, describe, expect, it } from "vitest";
import { createFailoverClient } from "../client.js";
import type { ChatOptions } from "../types.js";
import { startUpstream } from "../testing/upstream.js";
import { upstreamWriting } from "../testing/upstream-writing.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

// A field after the content with non-ASCII text: the frame's tail is passed on as UTF-8, whatever the content is.
const payload = (content: string, model = "m") =>
  `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"${model}",` +
  `"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}],"region":"Zürich"}`;
const FINISH =
  '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m",' +
  '"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}';

/** The first read: the frames before the reader owns the answer, parsed one by one. */
const FIRST = [payload("Hel"), payload("lo")];
/**
 * The second read, whole lines only: plain token frames the reader takes as bytes (CRLF endings too), then a comment,
 * which ends the byte reading for the read, so the rest is decoded whatever it holds (non-ASCII text, an escape,
 * another model, `data:` with no space, a plain token), then the finish.
 */
const SECOND: Array<[line: string, payload: string | null, asBytes: boolean]> = [
  [`data: ${payload(" wor")}\n\n`, payload(" wor"), true],
  [`data: ${payload("ld")}\r\n\r\n`, payload("ld"), true],
  [": keep-alive\n\n", null, false],
  [`data: ${payload(" héllo")}\n\n`, payload(" héllo"), false],
  [`data: ${payload(' "quoted"')}\n\n`, payload(' "quoted"'), false],
  [`data: ${payload("", "m")}\n\n`, payload(""), false],
  [`data: ${payload(" other", "m2")}\n\n`, payload(" other", "m2"), false],
  [`data:${payload(" tight")}\n\n`, payload(" tight"), false],
  [`data: ${payload(" again")}\n\n`, payload(" again"), false],
  [`data: ${FINISH}\n\ndata: [DONE]\n\n`, FINISH, false],
];

/** An upstream that writes FIRST, then, at release(), SECOND in one write; with `cut`, SECOND without its finish,
 * and then the connection is destroyed. */
async function upstream(cut = false) {
  const first = FIRST.map((p) => `data: ${p}\n\n`).join("");
  const second = (cut ? SECOND.slice(0, -1) : SECOND).map(([line]) => line).join("");
  const up = await upstreamWriting([first, second], { cut });
  cleanups.push(() => up.close());
  return up;
}

/** Streams the answer; the second read goes out once the caller has seen the first read's frames. */
async function stream(withBytes: boolean) {
  const up = await upstream();
  const client = createFailoverClient({ strategy: "active-passive", endpoints: [{ name: "up", url: up.url }] });
  cleanups.push(() => client.close());
  const seen: Array<{ payload: string; asBytes: boolean }> = [];
  const opts: ChatOptions = {
    onChunk: (line) => seen.push({ payload: line, asBytes: false }),
    onFlush: () => {
      if (seen.length === FIRST.length) up.release();
    },
  };
  if (withBytes)
    opts.onTokenBytes = (shape, bytes, contentStart, payloadEnd) =>
      seen.push({ payload: shape.before + bytes.toString("utf8", contentStart, payloadEnd), asBytes: true });
  const out = await client.chat({ model: "m", messages: [{ role: "user", content: "hi" }], stream: true }, opts);
  return { out, seen };
}

const expected = [...FIRST, ...SECOND.flatMap(([, p]) => (p === null ? [] : [p]))];
const tokens = expected.filter((p) => !p.includes('"finish_reason":"stop"') && !p.includes('"content":""')).length;

describe("token frames taken from the upstream's bytes", () => {
  it("gives a caller with onTokenBytes every frame as the upstream wrote it, plain ASCII tokens as bytes", async () => {
    const { out, seen } = await stream(true);
    expect(out.ok, out.error ?? "").toBe(true);
    expect(seen.map((s) => s.payload)).toEqual(expected);
    const asBytes = SECOND.flatMap(([, p, bytes]) => (p === null ? [] : [bytes]));
    // The first token frame is parsed and learnt; the next one, in the same read, is taken as bytes.
    expect(seen.map((s) => s.asBytes)).toEqual([false, true, ...asBytes]);
    expect(out.completionTokens).toBe(tokens);
  });

  it("gives a caller without it the same frames through onChunk, and counts the same tokens", async () => {
    const { out, seen } = await stream(false);
    expect(out.ok, out.error ?? "").toBe(true);
    expect(seen.map((s) => s.payload)).toEqual(expected);
    expect(seen.every((s) => !s.asBytes)).toBe(true);
    expect(out.completionTokens).toBe(tokens);
  });

  it("keeps the text of token frames taken as bytes for a resume: the backup is sent all of it", async () => {
    const primary = await upstream(true);
    const backup = await startUpstream("backup");
    cleanups.push(() => backup.close());
    const client = createFailoverClient({
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: primary.url },
        { name: "backup", url: backup.url, supportsPrefill: true },
      ],
    });
    cleanups.push(() => client.close());
    let frames = 0;
    const out = await client.chat(
      { model: "m", messages: [{ role: "user", content: "hi" }], stream: true },
      {
        onChunk: () => void (frames += 1),
        onTokenBytes: () => void (frames += 1),
        onFlush: () => {
          if (frames === FIRST.length) primary.release();
        },
      }
    );
    expect(out.ok, out.error ?? "").toBe(true);
    const messages = backup.state.bodies[0]!.messages as Array<{ role: string; content: string }>;
    expect(messages.at(-1)).toEqual({ role: "assistant", content: 'Hello world héllo "quoted" other tight again' });
  });
});
