import { afterEach, describe, expect, it } from "vitest";
import { admin, chat, inject, testNode, type TestNode } from "../testing.test-util.js";
import { shapeOf } from "./doc-shape.test-util.js";

// A 429 as the Gemini API sends it (googleapis/python-genai issue 2044; RooCodeInc/Roo-Code issue 3883), in Google's
// error model (https://cloud.google.com/apis/design/errors) with google.rpc.QuotaFailure and google.rpc.RetryInfo
// (https://github.com/googleapis/googleapis/blob/master/google/rpc/error_details.proto).
const DOC_429 = {
  error: {
    code: 429,
    message: "You exceeded your current quota, please check your plan and billing details.",
    status: "RESOURCE_EXHAUSTED",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        violations: [
          {
            quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
            quotaDimensions: { location: "global", model: "gemini-2.0-flash" },
          },
        ],
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "47s" },
    ],
  },
};
// https://ai.google.dev/gemini-api/docs/troubleshooting: 503 UNAVAILABLE, "The model is overloaded".
const DOC_503 = {
  error: { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" },
};

let node: TestNode;
afterEach(() => node?.close());

const retryDelay = (body: { error: { details: Array<Record<string, unknown>> } }) =>
  body.error.details.find((d) => String(d["@type"]).endsWith("RetryInfo"))?.retryDelay;

describe("the gemini persona", () => {
  it("answers RESOURCE_EXHAUSTED with RetryInfo in the body (hours for daily quota) and 503 UNAVAILABLE", async () => {
    node = await testNode({ persona: "gemini" });
    const limited = await inject(node, { kind: "rate-limit", retryAfterMs: 47_000 });
    const r = await chat(node);
    expect(r.status).toBe(429);
    const body = JSON.parse(r.text);
    expect(shapeOf(body)).toEqual(shapeOf(DOC_429));
    expect(body.error.status).toBe("RESOURCE_EXHAUSTED");
    expect(retryDelay(body)).toBe("47s");
    // Gemini names its wait only in the body.
    expect(r.headers.get("retry-after")).toBeNull();
    await admin(node, `/admin/faults/${limited}`, undefined, "DELETE");

    const daily = await inject(node, { kind: "quota-exhausted", resetAfterMs: 9 * 3_600_000 });
    const q = JSON.parse((await chat(node)).text);
    expect(retryDelay(q)).toBe("32400s");
    expect(q.error.details[0].violations[0].quotaId).toMatch(/PerDay/);
    await admin(node, `/admin/faults/${daily}`, undefined, "DELETE");

    await inject(node, { kind: "errors", status: 503 });
    const u = await chat(node);
    expect(u.status).toBe(503);
    expect(JSON.parse(u.text)).toEqual(DOC_503);
  });
});
