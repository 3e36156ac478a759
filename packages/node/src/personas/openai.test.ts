import { afterEach, describe, expect, it } from "vitest";
import { chat, inject, testNode, type TestNode } from "../testing.test-util.js";
import { shapeOf, streamFailingMidway } from "./doc-shape.test-util.js";

// https://platform.openai.com/docs/guides/error-codes (429 "You exceeded your current quota"), as the API sends it
// (openai/openai-cookbook issue 844).
const DOC_QUOTA = {
  error: {
    message: "You exceeded your current quota, please check your plan and billing details.",
    type: "insufficient_quota",
    param: null,
    code: "insufficient_quota",
  },
};
// https://platform.openai.com/docs/guides/rate-limits, "Rate limits in headers": the header names and the reset form.
const DOC_RATE_HEADERS = {
  "x-ratelimit-limit-requests": "60",
  "x-ratelimit-limit-tokens": "150000",
  "x-ratelimit-remaining-requests": "59",
  "x-ratelimit-remaining-tokens": "149984",
  "x-ratelimit-reset-requests": "1s",
  "x-ratelimit-reset-tokens": "6m0s",
};
// https://platform.openai.com/docs/guides/error-codes: a 429 rate-limit body (code rate_limit_exceeded).
const DOC_RATE = {
  error: { message: "Rate limit reached for requests", type: "requests", param: null, code: "rate_limit_exceeded" },
};

let node: TestNode;
afterEach(() => node?.close());

describe("the openai persona (the default)", () => {
  it("answers a rate limit and an exhausted quota with OpenAI's bodies and headers", async () => {
    node = await testNode();
    const limited = await inject(node, { kind: "rate-limit", retryAfterMs: 360_000 });
    const r = await chat(node);
    expect(r.status).toBe(429);
    expect(shapeOf(JSON.parse(r.text))).toEqual(shapeOf(DOC_RATE));
    expect(JSON.parse(r.text).error.code).toBe("rate_limit_exceeded");
    for (const name of Object.keys(DOC_RATE_HEADERS)) expect(r.headers.get(name), name).not.toBeNull();
    expect(r.headers.get("x-ratelimit-reset-requests")).toBe("6m0s");
    expect(r.headers.get("retry-after")).toBe("360");
    expect(r.headers.get("retry-after-ms")).toBe("360000");
    await fetch(`${node.url}/admin/faults/${limited}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${node.adminToken}` },
    });
    await inject(node, { kind: "quota-exhausted" });
    const q = await chat(node);
    expect(q.status).toBe(429);
    expect(shapeOf(JSON.parse(q.text))).toEqual(shapeOf(DOC_QUOTA));
    expect(JSON.parse(q.text).error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota" });
    // No wait fixes an empty account: OpenAI sends no Retry-After with it.
    expect(q.headers.get("retry-after")).toBeNull();
  });

  it("fails a stream already answered 200 with an `event: error` frame and no [DONE]", async () => {
    node = await testNode({ overrides: { itlMs: 20 } });
    const text = await streamFailingMidway(
      `${node.url}/v1/chat/completions`,
      { model: "m", messages: [{ role: "user", content: "hi" }], max_tokens: 100, stream: true },
      () => inject(node, { kind: "engine-dead" })
    );
    // openai-node's Stream throws APIError on `event: error` (src/core/streaming.ts).
    const frame = /event: error\ndata: (.*)\n\n$/.exec(text);
    expect(JSON.parse(frame![1]!).error).toMatchObject({ type: "server_error", code: "engine_dead" });
    expect(text).not.toContain("[DONE]");
  });
});
