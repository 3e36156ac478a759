import { FakeClock } from "@faultline/core";
import { afterEach, describe, expect, it } from "vitest";
import { fetch } from "undici";
import { chat, chatBody, inject, sseData, testNode, until, type TestNode } from "../../testing.test-util.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

const tokenFrames = (text: string) => sseData(text).filter((d) => d.includes('"content":"') && !d.includes('"role"'));

/** Starts a streamed request and keeps what has arrived so far in `got.text`. */
async function streaming(n: TestNode, body: Record<string, unknown>, path = "/v1/chat/completions") {
  const res = await fetch(n.url + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...chatBody(), stream: true, ...body }),
  });
  const got = { status: res.status, text: "", ended: false };
  void (async () => {
    for await (const c of res.body!) got.text += Buffer.from(c).toString();
    got.ended = true;
  })();
  return got;
}

describe("faults that stand for what providers send", () => {
  it("keepalive-pings pauses after N tokens with an SSE comment every interval, then finishes the answer", async () => {
    const clock = new FakeClock();
    node = await testNode({ clock });
    await inject(node, { kind: "keepalive-pings", afterTokens: 2, pauseMs: 1000, intervalMs: 300 });
    const got = await streaming(node, { max_tokens: 6 });
    await until(() => tokenFrames(got.text).length === 2, 3000, "two tokens");
    for (let i = 1; i <= 3; i++) {
      clock.advance(300);
      await until(() => got.text.split(": keep-alive\n\n").length - 1 === i, 3000, `keep-alive ${i}`);
    }
    expect(tokenFrames(got.text)).toHaveLength(2);
    clock.advance(100);
    await until(() => got.ended, 3000, "the end of the stream");
    expect(tokenFrames(got.text)).toHaveLength(6);
    expect(got.text).toContain("[DONE]");
  });

  it("keepalive-pings sends Anthropic's ping events on the Messages API", async () => {
    const clock = new FakeClock();
    node = await testNode({ clock, persona: "anthropic" });
    await inject(node, { kind: "keepalive-pings", afterTokens: 1, pauseMs: 400, intervalMs: 200 });
    const got = await streaming(node, { max_tokens: 3 }, "/v1/messages");
    await until(() => got.text.includes("content_block_delta"), 3000, "the first token");
    const pings = () => got.text.split("event: ping\n").length - 1;
    const before = pings(); // message_start is followed by one ping of its own
    clock.advance(200);
    await until(() => pings() === before + 1, 3000, "a ping");
    clock.advance(200);
    await until(() => got.ended, 3000, "the end of the stream");
    expect(got.text).toContain("message_stop");
  });

  it("stream-error ends a 200 stream with the persona's error event (OpenAI: event: error; Bedrock: 424)", async () => {
    node = await testNode({});
    await inject(node, { kind: "stream-error", afterTokens: 2 });
    const openai = await chat(node, { stream: true });
    expect(openai.status).toBe(200);
    expect(tokenFrames(openai.text)).toHaveLength(2);
    expect(openai.text).toMatch(/event: error\ndata: \{"error":\{"message":"The server had an error/);
    expect(openai.text).not.toContain('finish_reason":"');
    expect(openai.text).not.toContain("[DONE]");
    await node.close();

    node = await testNode({ persona: "bedrock" });
    await inject(node, { kind: "stream-error", afterTokens: 1 });
    const bedrock = await chat(node, { stream: true });
    expect(tokenFrames(bedrock.text)).toHaveLength(1);
    const frame = JSON.parse(sseData(bedrock.text).at(-1)!) as { error: { type: string; code: number } };
    expect(frame.error).toMatchObject({ type: "ModelStreamErrorException", code: 424 });
  });

  it("content-filter refuses every request with Azure's 400 content_filter and its per-category result", async () => {
    node = await testNode({ persona: "azure-openai" });
    await inject(node, { kind: "content-filter" });
    const r = await chat(node, {});
    expect(r.status).toBe(400);
    expect(r.headers.get("apim-request-id")).toBeTruthy();
    const body = JSON.parse(r.text) as { error: Record<string, any> };
    expect(body.error).toMatchObject({ code: "content_filter", param: "prompt", type: null, status: 400 });
    expect(body.error.innererror.content_filter_result.violence).toEqual({ filtered: true, severity: "medium" });
  });

  it("prefill-rejected refuses a trailing assistant turn in Anthropic's form, and serves other requests", async () => {
    node = await testNode({ persona: "anthropic" });
    await inject(node, { kind: "prefill-rejected" });
    const prefill = await chat(node, {
      messages: [
        { role: "user", content: "hello" },
        { role: "assistant", content: "Hi, I" },
      ],
    });
    expect(prefill.status).toBe(400);
    expect(JSON.parse(prefill.text)).toMatchObject({
      type: "error",
      error: {
        type: "invalid_request_error",
        message: expect.stringMatching(/does not support assistant message prefill/),
      },
    });
    expect((await chat(node, {})).status).toBe(200);
  });
});
