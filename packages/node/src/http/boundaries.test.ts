import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { admin, chat, testNode, type TestNode } from "../testing.test-util.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  request(node.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }).then(
    async (r) => ({ status: r.statusCode, json: (await r.body.json()) as any })
  );

describe("what a client may send", () => {
  it("refuses admin calls without the bearer token, and with a wrong one", async () => {
    node = await testNode({ adminToken: "right-token-123" });
    expect((await post("/admin/disable", "{}")).status).toBe(401);
    expect((await post("/admin/disable", "{}", { authorization: "Bearer wrong-token-123" })).status).toBe(401);
    expect((await admin(node, "/admin/disable", {})).status).toBe(201);
  });

  it("answers 413 with an OpenAI body for bodies over 1 MiB", async () => {
    node = await testNode();
    const big = JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(1024 * 1024) }] });
    const r = await post("/v1/chat/completions", big);
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("request_too_large");
  });

  it("answers 400 to bad JSON and to a bad request, naming the parameter", async () => {
    node = await testNode();
    expect((await post("/v1/chat/completions", "{nope")).status).toBe(400);
    const r = await post("/v1/chat/completions", JSON.stringify({ model: "m", messages: [] }));
    expect(r.status).toBe(400);
    expect(r.json.error.param).toBe("messages");
    const bad = await admin(node, "/admin/faults", { kind: "errors", status: 500, rate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/rate/);
    const extra = await admin(node, "/admin/faults", { kind: "hang", nonsense: 1 });
    expect(extra.json.error.message).toMatch(/nonsense: unknown field/);
  });

  it("answers 400 context_length_exceeded to a prompt over the context", async () => {
    node = await testNode({ overrides: { maxContext: 100 } });
    const r = await chat(node, { messages: [{ role: "user", content: "word ".repeat(100) }] });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error.code).toBe("context_length_exceeded");
  });

  it("answers 404 with an OpenAI body on unknown routes, and tags every response", async () => {
    node = await testNode({ name: "edge-1" });
    const r = await request(node.url + "/v1/nope");
    expect(r.statusCode).toBe(404);
    expect(r.headers["x-faultline-node"]).toBe("edge-1");
    expect(r.headers["x-request-id"]).toBeTruthy();
    expect(((await r.body.json()) as any).error.type).toBe("invalid_request_error");
  });

  it("survives garbage without crashing", async () => {
    node = await testNode();
    for (const body of [
      "null",
      "[]",
      "1",
      '"s"',
      '{"model":1}',
      '{"model":"m","messages":[null]}',
      '{"model":"m","messages":[{"role":"user","content":{}}]}',
    ]) {
      expect((await post("/v1/chat/completions", body)).status).toBe(400);
      expect((await admin(node, "/admin/faults", JSON.parse(body))).status).toBe(400);
    }
    expect((await chat(node)).status).toBe(200);
  });

  it("paper endpoints: latency {ms:0} clears, enable undoes disable, reset clears all; each is logged", async () => {
    node = await testNode();
    await admin(node, "/admin/latency", { ms: 120 });
    await admin(node, "/admin/disable", {});
    expect((await admin(node, "/admin/state", undefined, "GET")).json.faults.map((f: any) => f.kind)).toEqual([
      "latency",
      "disable",
    ]);
    await admin(node, "/admin/enable", {});
    await admin(node, "/admin/latency", { ms: 0 });
    expect((await admin(node, "/admin/state", undefined, "GET")).json.faults).toEqual([]);
    await admin(node, "/admin/cpu", { threads: 1, utilization: 0.1, durationMs: 5000 });
    await admin(node, "/admin/reset", {});
    expect((await admin(node, "/admin/state", undefined, "GET")).json.faults).toEqual([]);
    const adminEvents = node.events.filter((e) => e.kind === "admin");
    expect(adminEvents.length).toBe(6);
    expect(adminEvents[0]!.detail).toEqual({ method: "POST", path: "/admin/latency", body: { ms: 120 } });
    expect((await admin(node, "/admin/faults/f999", undefined, "DELETE")).status).toBe(404);
  });
});
