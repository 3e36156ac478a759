import { afterEach, describe, expect, it, vi } from "vitest";
import { connect } from "node:net";
import { request } from "undici";
import { admin, chatBody, testNode, type TestNode } from "../testing.test-util.js";
import { FAULT_LIMITS } from "../faults/fault-limits.js";

let node: TestNode | undefined;
const sockets: Array<{ destroy(): void }> = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await node?.close();
  node = undefined;
});

const post = (extra: Record<string, unknown>, headers: Record<string, string> = {}) =>
  request(node!.url + "/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(chatBody(extra)),
  });

describe("x-request-id", () => {
  it("an id that could break the JSON is never echoed: the node uses its own; answers stay valid JSON", async () => {
    node = await testNode();
    for (const id of ['a"b', 'x","model":"evil', "back\\slash", "sp ace", "x".repeat(200)]) {
      const r = await post({}, { "x-request-id": id });
      const body = (await r.body.json()) as { id: string; model: string };
      expect(r.headers["x-request-id"]).not.toBe(id);
      expect(body.id).toBe(`chatcmpl-${r.headers["x-request-id"]}`);
      expect(body.model).toBe("test-model");
      const s = await post({ stream: true }, { "x-request-id": id });
      for (const line of (await s.body.text()).split("\n\n").filter((l) => l.startsWith("data: {")))
        expect(() => JSON.parse(line.slice(6))).not.toThrow();
    }
  });

  it("a safe id (uuid, trace id) is still echoed", async () => {
    node = await testNode();
    const r = await post({}, { "x-request-id": "4bf92f35-77b3:00f0.67aa/0ba9+02b7=" });
    expect(r.headers["x-request-id"]).toBe("4bf92f35-77b3:00f0.67aa/0ba9+02b7=");
    await r.body.dump();
  });
});

describe("the admin API", () => {
  it("takes the bearer scheme in any case (RFC 7235)", async () => {
    node = await testNode();
    for (const scheme of ["bearer", "BEARER", "Bearer"]) {
      const r = await request(node.url + "/admin/state", {
        headers: { authorization: `${scheme} ${node.adminToken}` },
      });
      expect(r.statusCode, scheme).toBe(200);
      await r.body.dump();
    }
  });

  it("gives a fault sent without durationMs the default TTL", async () => {
    node = await testNode();
    expect((await admin(node, "/admin/disable")).status).toBe(201);
    const state = (await admin(node, "/admin/state", undefined, "GET")).json as {
      faults: Array<{ expiresInMs: number | null }>;
    };
    expect(state.faults[0]!.expiresInMs).toBeGreaterThan(FAULT_LIMITS.defaultTtlMs - 5000);
    expect(state.faults[0]!.expiresInMs).toBeLessThanOrEqual(FAULT_LIMITS.defaultTtlMs);
  });

  it("refuses a durationMs past the maximum, naming the field", async () => {
    node = await testNode();
    const r = await admin(node, "/admin/faults", { kind: "latency", ms: 5, durationMs: FAULT_LIMITS.maxTtlMs + 1 });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/durationMs/);
  });

  it("caps active faults: one more than maxActive gets 409 with its code, and a reset makes room", async () => {
    node = await testNode();
    for (let i = 0; i < FAULT_LIMITS.maxActive; i++)
      expect((await admin(node, "/admin/faults", { kind: "latency", ms: 1, match: { model: `m${i}` } })).status).toBe(
        201
      );
    const r = await admin(node, "/admin/faults", { kind: "latency", ms: 1 });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe("FAULTLINE_NODE_TOO_MANY_FAULTS");
    await admin(node, "/admin/reset", {});
    expect((await admin(node, "/admin/faults", { kind: "latency", ms: 1 })).status).toBe(201);
  });
});

describe("a streaming caller that stops reading", () => {
  it("holds at most a socket buffer: the engine finishes, the frames do not pile up in memory", async () => {
    node = await testNode({ overrides: { maxContext: 1_000_000 } });
    const socket = connect(node.port, "127.0.0.1");
    sockets.push(socket);
    socket.on("error", () => {});
    let bytes = 0;
    socket.on("data", (d) => {
      bytes += d.length;
      if (bytes > 0) socket.pause();
    });
    await new Promise((r) => socket.once("connect", r));
    const rss0 = process.memoryUsage.rss();
    // 500,000 tokens are about 80 MB of frames, generated at once by the zero profile.
    const body = JSON.stringify(chatBody({ stream: true, max_tokens: 500_000 }));
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: ` +
        `application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`
    );
    const state = async () => (await admin(node!, "/admin/state", undefined, "GET")).json as { running: number };
    // A guard, not a bound: the engine's finishing is what is awaited (its time is not judged).
    await vi.waitFor(async () => expect((await state()).running).toBe(0), { timeout: 5000, interval: 1 });
    expect(bytes).toBeLessThan(16 * 1024 * 1024);
    expect(process.memoryUsage.rss() - rss0).toBeLessThan(60 * 1024 * 1024);
  });

  it("gets the whole stream when it reads again", async () => {
    node = await testNode();
    const socket = connect(node.port, "127.0.0.1");
    sockets.push(socket);
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      text += d;
    });
    await new Promise((r) => socket.once("connect", r));
    const body = JSON.stringify(chatBody({ stream: true, max_tokens: 20_000 }));
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: ` +
        `application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`
    );
    socket.pause();
    await new Promise((r) => setImmediate(r));
    socket.resume();
    await vi.waitFor(() => expect(text.endsWith("\r\n0\r\n\r\n")).toBe(true), { timeout: 5000, interval: 1 });
    expect(text).toContain("data: [DONE]");
    expect(text.split("\n\n").filter((l) => l.includes('"content":"') && !l.includes('"role"'))).toHaveLength(20_000);
  });
});
