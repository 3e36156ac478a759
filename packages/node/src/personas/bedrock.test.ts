import { afterEach, describe, expect, it } from "vitest";
import { admin, chat, inject, testNode, type TestNode } from "../testing.test-util.js";
import { shapeOf } from "./doc-shape.test-util.js";

// AWS REST-JSON errors (https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html, "Operation error
// serialization"): the exception's name in x-amzn-ErrorType, the message in the body. Statuses from
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html, "Errors".
const DOC_THROTTLING = {
  status: 429,
  errorType: "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
  body: { message: "Too many requests, please wait before trying again." },
};
const DOC_STATUSES = {
  ThrottlingException: 429,
  ServiceQuotaExceededException: 400,
  ModelNotReadyException: 429,
  ServiceUnavailableException: 503,
  InternalServerException: 500,
};

let node: TestNode;
afterEach(() => node?.close());

async function answer(n: TestNode, fault: Record<string, unknown>) {
  const id = await inject(n, fault);
  const r = await chat(n);
  await admin(n, `/admin/faults/${id}`, undefined, "DELETE");
  return { status: r.status, type: r.headers.get("x-amzn-errortype")!, body: JSON.parse(r.text) };
}

describe("the bedrock persona", () => {
  it("names each exception in x-amzn-ErrorType with its documented status and a {message} body", async () => {
    node = await testNode({ persona: "bedrock" });
    const t = await answer(node, { kind: "rate-limit" });
    expect(t.status).toBe(DOC_THROTTLING.status);
    expect(t.type).toBe(DOC_THROTTLING.errorType);
    expect(shapeOf(t.body)).toEqual(shapeOf(DOC_THROTTLING.body));
    const seen = {
      ThrottlingException: t.status,
      ServiceQuotaExceededException: (await answer(node, { kind: "quota-exhausted" })).status,
      ModelNotReadyException: (await answer(node, { kind: "gpu-oom", recoveryMs: 60_000 })).status,
      ServiceUnavailableException: (await answer(node, { kind: "errors", status: 503 })).status,
      InternalServerException: (await answer(node, { kind: "errors", status: 500 })).status,
    };
    expect(seen).toEqual(DOC_STATUSES);
    const notReady = await answer(node, { kind: "gpu-oom", recoveryMs: 60_000 });
    expect(notReady.type).toMatch(/^ModelNotReadyException:/);
  });
});
