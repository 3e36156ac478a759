import { connect } from "node:net";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "./server.js";
import { renameModel } from "./model-rename.js";
import { upstreamWriting } from "../testing/upstream-writing.js";

// A real gateway on port 0 in front of a raw upstream that writes its SSE body in reads the test chooses.
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const frame = (i: number, extra = "") =>
  `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m",` +
  `"choices":[{"index":0,"delta":{"content":"t${i} "},"finish_reason":null}]${extra}}\n\n`;
const FINISH =
  'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m",' +
  '"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';

/**
 * Posts a streamed chat to the gateway over a raw socket and parses the chunked body: one entry per chunk the
 * gateway wrote (a res.write is one chunk of the chunked encoding, whatever TCP makes of it).
 */
function rawStream(port: number) {
  const socket = connect(port, "127.0.0.1");
  const body = JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }], stream: true });
  socket.write(
    `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
  );
  // Bytes, not text: a chunk's size counts bytes, and a token may be more than one.
  let raw = Buffer.alloc(0);
  const chunks: string[] = [];
  let waiter: (() => void) | null = null;
  socket.on("data", (d: Buffer) => {
    raw = Buffer.concat([raw, d]);
    const head = raw.indexOf("\r\n\r\n");
    if (head < 0) return;
    // Parse whole chunks from after the head; keep what is incomplete.
    let at = head + 4;
    chunks.length = 0;
    for (;;) {
      const eol = raw.indexOf("\r\n", at);
      if (eol < 0) break;
      const size = parseInt(raw.toString("latin1", at, eol), 16);
      if (raw.length < eol + 2 + size + 2) break;
      if (size > 0) chunks.push(raw.toString("utf8", eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    waiter?.();
  });
  return {
    chunks,
    ended: once(socket, "end"),
    /** Resolves once the body holds `text`. */
    async until(text: string): Promise<void> {
      while (!chunks.join("").includes(text)) await new Promise<void>((r) => (waiter = r));
    },
  };
}

const contents = (text: string) => [...text.matchAll(/"content":"([^"]*)"/g)].map((m) => m[1]).filter((c) => c !== "");

/** An upstream's SSE text as the gateway passes it on: each frame's model renamed for the endpoint "up". */
const renamed = (text: string) =>
  text.replace(/^data: (.*)$/gm, (line, payload: string) =>
    payload === "[DONE]" ? line : `data: ${renameModel(payload, "up")}`
  );

/** A gateway in front of an upstream writing `reads`, and a caller whose stream the upstream has opened. */
async function throughGateway(reads: string[]) {
  const up = await upstreamWriting(reads);
  cleanups.push(() => up.close());
  const gw = await startGateway({
    port: 0,
    config: { strategy: "active-passive", endpoints: [{ name: "up", url: `http://127.0.0.1:${up.port}/v1` }] },
  });
  cleanups.push(() => gw.close());
  const caller = rawStream(gw.port);
  await up.opened;
  return { up, caller };
}

/** What the caller got for `reads`, each read released once the caller has the text of the one before. */
async function relayed(reads: string[], marks: string[]): Promise<string> {
  const { up, caller } = await throughGateway(reads);
  for (const mark of marks) {
    await caller.until(mark);
    up.release();
  }
  await caller.ended;
  return caller.chunks.join("");
}

describe("a stream through the gateway, relayed a read at a time", () => {
  it("writes the frames of one upstream read in one chunk, and keeps a frame split across reads whole", async () => {
    const first = [1, 2, 3, 4, 5].map((i) => frame(i)).join("") + frame(6).slice(0, 40);
    const second = frame(6).slice(40) + [7, 8, 9].map((i) => frame(i)).join("");
    const { up, caller } = await throughGateway([first, second, FINISH]);
    await caller.until("t5 ");
    // The first read's five whole frames came as one chunk; the half of frame 6 did not go out.
    expect(caller.chunks).toHaveLength(1);
    expect(contents(caller.chunks[0]!)).toEqual(["t1 ", "t2 ", "t3 ", "t4 ", "t5 "]);
    up.release();
    await caller.until("t9 ");
    expect(caller.chunks).toHaveLength(2);
    expect(contents(caller.chunks[1]!)).toEqual(["t6 ", "t7 ", "t8 ", "t9 "]);
    up.release();
    await caller.ended;
    const text = caller.chunks.join("");
    expect(contents(text)).toEqual(["t1 ", "t2 ", "t3 ", "t4 ", "t5 ", "t6 ", "t7 ", "t8 ", "t9 "]);
    // Every frame renamed for the endpoint that answered; the finish frame and [DONE] close the stream.
    expect(text.match(/"model":"up\/m"/g)).toHaveLength(10);
    expect(text).not.toMatch(/"model":"m"/);
    expect(text.endsWith('"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n')).toBe(true);
  });

  it("passes on token frames taken as bytes as it would the decoded frames, renamed for the endpoint", async () => {
    // Whole frames in each read, so after the first token frame the client takes plain token frames as bytes; a
    // non-ASCII token and an escaped one are decoded, and with them the rest of their read.
    const first = [1, 2, 3].map((i) => frame(i)).join("");
    const odd = [frame(0).replace("t0 ", "héllo"), frame(0).replace("t0 ", '\\"q\\"')];
    const second = [4, 5, 6].map((i) => frame(i)).join("") + odd.join("") + frame(7);
    expect(await relayed([first, second, FINISH], ["t3 ", "t7 "])).toBe(renamed(first + second + FINISH));
  });

  it("renames token frames whose model follows the content, with non-ASCII text after it, whole", async () => {
    const tail = (i: number) =>
      `data: {"id":"c1","choices":[{"index":0,"delta":{"content":"t${i} "},"finish_reason":null}],` +
      `"model":"m","region":"Zürich"}\n\n`;
    const finish =
      'data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"model":"m","region":"Zürich"}' +
      "\n\ndata: [DONE]\n\n";
    const first = [1, 2, 3].map(tail).join("");
    const second = [4, 5, 6].map(tail).join("");
    expect(await relayed([first, second, finish], ["t3 ", "t6 "])).toBe(renamed(first + second + finish));
  });
});
