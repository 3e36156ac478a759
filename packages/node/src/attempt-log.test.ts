import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { attemptRecords, type AttemptRecord } from "./attempt-log.js";
import { inject, testNode, type TestNode } from "./testing.test-util.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

/** A node whose attempt log is collected here, with times made epoch ms. */
async function loggingNode(): Promise<{ node: TestNode; records: AttemptRecord[] }> {
  const records: AttemptRecord[] = [];
  const n = await testNode({ onAttempts: (batch) => records.push(...attemptRecords(batch)) });
  return { node: n, records };
}

async function post(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
  const res = await request(url + "/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }], ...body }),
  });
  return res.body.text().catch(() => "");
}

describe("the node-side attempt log", () => {
  it("records each attempt under the body's user field, else x-request-id: status, outcome, tokens", async () => {
    const logging = await loggingNode();
    node = logging.node;
    const before = Date.now();
    await post(node.url, { max_tokens: 7, user: "fl-1-a" }, { "x-request-id": "ignored-when-user-is-set" });
    await post(node.url, { max_tokens: 3 }, { "x-request-id": "from-header" });
    await post(node.url, { max_tokens: -1, user: "fl-1-bad" });
    await node.close();
    const byId = new Map(logging.records.map((r) => [r[0], r]));
    expect([...byId.keys()].sort()).toEqual(["fl-1-a", "fl-1-bad", "from-header"]);
    const [, arrived, firstByte, end, status, outcome, , completion] = byId.get("fl-1-a")!;
    expect([status, outcome, completion]).toEqual([200, "complete", 7]);
    expect(arrived).toBeGreaterThanOrEqual(before - 5);
    expect(firstByte!).toBeGreaterThanOrEqual(arrived);
    expect(end).toBeGreaterThanOrEqual(firstByte!);
    expect(byId.get("fl-1-bad")!.slice(4, 6)).toEqual([400, "complete"]);
  });

  it("marks a stream cut mid-answer as cut, with the tokens it sent and its first token's time", async () => {
    const logging = await loggingNode();
    node = logging.node;
    await inject(node, { kind: "stream-cut", afterTokens: 3, durationMs: 5_000 });
    await post(node.url, { stream: true, max_tokens: 10, user: "fl-2-cut" });
    await node.close();
    const r = logging.records.find((x) => x[0] === "fl-2-cut")!;
    expect([r[4], r[5], r[7]]).toEqual([200, "cut", 3]);
    expect(r[2]).not.toBeNull();
  });
});
