import { describe, expect, it } from "vitest";
import { ContentFrameTemplate } from "./content-frame-template.js";

const head =
  '{"id":"c-1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":null,"choices":[';
const token = (contentJson: string) =>
  `${head}{"index":0,"delta":{"content":${contentJson}},"logprobs":null,"finish_reason":null}]}`;

/** A template that has learnt the token frame of "Hello", as the stream reader teaches it. */
function learnt(): ContentFrameTemplate {
  const t = new ContentFrameTemplate();
  t.learn(token('"Hello"'), "Hello");
  return t;
}

/** What JSON.parse reads as the frame's content when it is a plain token frame; null when it is anything else. */
function parsedContent(payload: string): string | null {
  try {
    const o = JSON.parse(payload);
    const c = o.choices?.[0];
    if (o.error || o.usage || typeof c?.finish_reason === "string" || typeof c?.delta?.content !== "string")
      return null;
    return c.delta.content;
  } catch {
    return null;
  }
}

describe("a stream's token frames read without parsing", () => {
  const frames: Array<[string, string]> = [
    ["another token", token('" world"')],
    ["an empty token", token('""')],
    ["non-ASCII text", token('"héllo 世界 🙂"')],
    ["an escaped quote", token('"say \\"hi\\""')],
    ["an escaped newline", token('"a\\nb"')],
    ["a \\u escape", token('"\\u00e9"')],
    ["a finish frame", `${head}{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}`],
    ["a usage frame", `${head}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}`],
    ["a token with usage on it", `${token('"x"').slice(0, -1)},"usage":{"prompt_tokens":1}}`],
    ["an error frame", '{"error":{"message":"boom"}}'],
    ["a frame cut inside its content", token('"tru').slice(0, head.length + 40)],
    ["a frame cut after its content", `${head}{"index":0,"delta":{"content":"tru"}`],
    ["another stream's id", token('"x"').replace('"c-1"', '"c-2"')],
    ["a per-frame field after the choices", `${token('"x"').slice(0, -1)},"obfuscation":"ab"}`],
    ["a quote where the content should end", token('"a"b"')],
    ["a control character in the content", token('"a\u0001b"')],
  ];

  const plain = new Set(["another token", "an empty token", "non-ASCII text"]);

  it.each(frames)("reads %s as JSON.parse does, or leaves it to JSON.parse", (what, payload) => {
    const fast = learnt().contentOf(payload);
    if (plain.has(what)) expect(fast).toBe(parsedContent(payload));
    else expect(fast).toBeNull();
  });

  it("reads plain token frames without parsing them, and nothing else", () => {
    const t = learnt();
    expect(t.contentOf(token('" world"'))).toBe(" world");
    expect(t.contentOf(token('""'))).toBe("");
    expect(t.contentOf(token('"héllo 世界 🙂"'))).toBe("héllo 世界 🙂");
    for (const [what, payload] of frames) if (!plain.has(what)) expect(t.contentOf(payload), what).toBeNull();
  });

  it("learns nothing from a frame whose content is escaped, spaced or written twice", () => {
    const cases: Array<[string, string]> = [
      [token('"\\u0048i"'), "Hi"],
      [token('"a\\/b"'), "a/b"],
      [token('"a"').replace('"content":"a"', '"content": "a"'), "a"],
      [`${token('"a"').slice(0, -1)},"extra":{"content":"a"}}`, "a"],
    ];
    for (const [payload, content] of cases) {
      const t = new ContentFrameTemplate();
      t.learn(payload, content);
      expect(t.contentOf(token('"b"')), payload).toBeNull();
    }
  });

  it("reads nothing before it has learnt a frame", () => {
    expect(new ContentFrameTemplate().contentOf(token('"x"'))).toBeNull();
    expect(new ContentFrameTemplate().contentStartInLine(Buffer.from(`data: ${token('"x"')}`), 0, 16)).toBe(-1);
  });

  it.each(frames)(
    "finds the content of the line data: %s in bytes where contentOf reads it as ASCII, and nowhere else",
    (_, payload) => {
      const t = learnt();
      // The frame inside a larger read, as the stream reader meets it.
      const bytes = Buffer.from(`\n\ndata: ${payload}\n\n`);
      const from = 2;
      const to = bytes.length - 2;
      const start = t.contentStartInLine(bytes, from, to);
      const text = t.contentOf(payload);
      if (text === null || !/^[ -~]*$/.test(text)) return void expect(start).toBe(-1);
      expect(start).toBe(from + Buffer.byteLength(`data: ${t.before}`));
      expect(bytes.toString("latin1", start, to - t.tailBytes)).toBe(text);
      expect(t.before + bytes.toString("latin1", start, to)).toBe(payload);
    }
  );

  it("reads bytes only from a line that is the data field with one space, as the frame it learnt came in", () => {
    const t = learnt();
    const payload = token('"b"');
    const read = (line: string) => t.contentStartInLine(Buffer.from(line), 0, Buffer.byteLength(line));
    expect(read(`data: ${payload}`)).toBeGreaterThan(0);
    expect(read(`data:${payload}`)).toBe(-1);
    expect(read(`data:  ${payload}`)).toBe(-1);
    expect(read(`event: ${payload}`)).toBe(-1);
  });
});
