import { afterEach, describe, expect, it } from "vitest";
import { admin, chat, inject, testNode, type TestNode } from "../testing.test-util.js";
import { shapeOf } from "./doc-shape.test-util.js";

// Azure OpenAI's 429 as it arrives (langchain-ai/langchain issue 14339; vanderschaarlab/climb issue 1), whose message
// names the wait; headers from https://learn.microsoft.com/azure/ai-services/openai/quotas-limits and a captured
// response (microsoft/copilot-camp issue 551).
const DOC_429 = {
  error: {
    code: "429",
    message:
      "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-08-01-preview have " +
      "exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 86400 seconds. Please go " +
      "here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.",
  },
};
const DOC_HEADERS = [
  "retry-after",
  "retry-after-ms",
  "x-ratelimit-remaining-requests",
  "x-ratelimit-remaining-tokens",
  "apim-request-id",
];

let node: TestNode;
afterEach(() => node?.close());

describe("the azure-openai persona", () => {
  it("answers 429 in Azure's shape, naming the wait in the message, retry-after and retry-after-ms", async () => {
    node = await testNode({ persona: "azure-openai" });
    const limited = await inject(node, { kind: "rate-limit", retryAfterMs: 7000 });
    const r = await chat(node);
    expect(r.status).toBe(429);
    const body = JSON.parse(r.text);
    expect(shapeOf(body)).toEqual(shapeOf(DOC_429));
    expect(body.error.message).toMatch(/exceeded call rate limit .* Please retry after 7 seconds\./);
    for (const h of DOC_HEADERS) expect(r.headers.get(h), h).not.toBeNull();
    expect([r.headers.get("retry-after"), r.headers.get("retry-after-ms")]).toEqual(["7", "7000"]);
    await admin(node, `/admin/faults/${limited}`, undefined, "DELETE");

    await inject(node, { kind: "quota-exhausted" });
    const q = await chat(node);
    expect(JSON.parse(q.text).error.message).toMatch(/token rate limit .* Please retry after 86400 seconds\./);
    expect(q.headers.get("retry-after")).toBe("86400");
  });

  it("enforces a per-minute limit over 1 s windows: 60 requests a minute let one a second through", async () => {
    node = await testNode({ persona: "azure-openai" });
    await inject(node, { kind: "rate-limit", enforce: true, limitRequests: 60 });
    const answers = await Promise.all([chat(node), chat(node), chat(node)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 429, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.headers.get("retry-after-ms"))).toBeLessThanOrEqual(1000);
    expect(JSON.parse(refused.text).error.message).toMatch(/Please retry after 1 seconds/);
  });
});
