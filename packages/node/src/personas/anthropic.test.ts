import { afterEach, describe, expect, it } from "vitest";
import { fetch } from "undici";
import { admin, chat, inject, testNode, type TestNode } from "../testing.test-util.js";
import { RFC3339, shapeOf, streamFailingMidway } from "./doc-shape.test-util.js";

// https://docs.anthropic.com/en/api/errors, "Error shapes".
const DOC_ERROR = {
  type: "error",
  error: { type: "not_found_error", message: "The requested resource could not be found." },
  request_id: "req_011CSHoEeqs5C35K2UUqR7Fy",
};
// https://learn.microsoft.com/microsoft-cloud/dev/dev-proxy/concepts/anthropic-529-overloaded-error: the spend limit
// is a 429 rate_limit_error whose error.details.error_code is enforced_spend_limit_reached, with no retry-after.
const DOC_SPEND_LIMIT = {
  type: "error",
  error: {
    type: "rate_limit_error",
    message: "You have reached your specified API usage limits.",
    details: { error_code: "enforced_spend_limit_reached" },
  },
  request_id: "req_011CSHoEeqs5C35K2UUqR7Fy",
};
// https://docs.anthropic.com/en/docs/build-with-claude/streaming, "Basic streaming request": the event sequence and
// the message_start payload.
const DOC_EVENTS = [
  "message_start",
  "content_block_start",
  "ping",
  "content_block_delta",
  "content_block_stop",
  "message_delta",
  "message_stop",
];
const DOC_MESSAGE_START = {
  type: "message_start",
  message: {
    id: "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY",
    type: "message",
    role: "assistant",
    content: [],
    model: "claude-opus-4-1-20250805",
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 25, output_tokens: 1 },
  },
};
// https://docs.anthropic.com/en/api/messages: a whole (non-streamed) response.
const DOC_MESSAGE = {
  id: "msg_013Zva2CMHLNnXjNJJKqJ2EF",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-20250514",
  content: [{ type: "text", text: "Hi! My name is Claude." }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 2095, output_tokens: 503 },
};

let node: TestNode;
afterEach(() => node?.close());

function messages(n: TestNode, body: Record<string, unknown>) {
  return fetch(`${n.url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "claude", max_tokens: 4, messages: [{ role: "user", content: "hi" }], ...body }),
  });
}

describe("the anthropic persona", () => {
  it("answers rate limits, overload and the spend limit with Anthropic's envelopes and headers", async () => {
    node = await testNode({ persona: "anthropic" });
    const before = Date.now();
    const limited = await inject(node, { kind: "rate-limit", retryAfterMs: 2500 });
    const r = await chat(node);
    expect(r.status).toBe(429);
    const body = JSON.parse(r.text);
    expect(shapeOf(body)).toEqual(shapeOf(DOC_ERROR));
    expect(body.error.type).toBe("rate_limit_error");
    expect(r.headers.get("retry-after")).toBe("3");
    expect(r.headers.get("request-id")).toMatch(/^req_\w+$/);
    const reset = r.headers.get("anthropic-ratelimit-requests-reset")!;
    expect(reset).toMatch(RFC3339);
    expect(Date.parse(reset) - before).toBeGreaterThan(1000);
    expect(r.headers.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    expect(r.headers.get("anthropic-ratelimit-tokens-reset")).toMatch(RFC3339);
    await admin(node, `/admin/faults/${limited}`, undefined, "DELETE");

    const overload = await inject(node, { kind: "errors", status: 503 });
    const o = await chat(node);
    expect(o.status).toBe(529);
    expect(JSON.parse(o.text)).toMatchObject({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    await admin(node, `/admin/faults/${overload}`, undefined, "DELETE");

    await inject(node, { kind: "quota-exhausted" });
    const q = await chat(node);
    expect(q.status).toBe(429);
    expect(shapeOf(JSON.parse(q.text))).toEqual(shapeOf(DOC_SPEND_LIMIT));
    expect(JSON.parse(q.text).error.details.error_code).toBe("enforced_spend_limit_reached");
    expect(q.headers.get("retry-after")).toBeNull();
  });

  it("serves POST /v1/messages: Anthropic's SSE events in order, and its whole-message body", async () => {
    node = await testNode({ persona: "anthropic" });
    const s = await messages(node, { stream: true });
    expect(s.status).toBe(200);
    expect(s.headers.get("request-id")).toMatch(/^req_\w+$/);
    const frames = (await s.text()).split("\n\n").filter(Boolean);
    const events = frames.map((f) => /^event: (\w+)/.exec(f)![1]);
    expect(events.filter((e, i) => e !== events[i - 1])).toEqual(DOC_EVENTS);
    const start = JSON.parse(frames[0]!.split("data: ")[1]!);
    expect(shapeOf(start)).toEqual(shapeOf(DOC_MESSAGE_START));
    const delta = JSON.parse(frames.find((f) => f.startsWith("event: message_delta"))!.split("data: ")[1]!);
    expect(delta).toMatchObject({ delta: { stop_reason: "max_tokens" }, usage: { output_tokens: 4 } });

    const whole = await messages(node, {});
    expect(shapeOf(await whole.json())).toEqual(shapeOf(DOC_MESSAGE));
    // max_tokens is required, as Anthropic's API says (400 invalid_request_error in its envelope).
    const bad = await messages(node, { max_tokens: undefined });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  it("fails a begun Messages stream with `event: error` and Anthropic's envelope, without message_stop", async () => {
    node = await testNode({ persona: "anthropic", overrides: { itlMs: 20 } });
    const text = await streamFailingMidway(
      `${node.url}/v1/messages`,
      { model: "claude", max_tokens: 100, stream: true, messages: [{ role: "user", content: "hi" }] },
      () => inject(node, { kind: "engine-dead" })
    );
    expect(text.startsWith("event: message_start")).toBe(true);
    // https://docs.anthropic.com/en/docs/build-with-claude/streaming, "Error events": event: error, {type:"error",...}.
    const frame = /event: error\ndata: (.*)\n\n$/.exec(text);
    expect(JSON.parse(frame![1]!)).toMatchObject({ type: "error", error: { type: "api_error" } });
    expect(text).not.toContain("message_stop");
  });
});
