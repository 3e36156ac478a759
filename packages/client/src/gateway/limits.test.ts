import { afterEach, describe, expect, it } from "vitest";
import { connect } from "node:net";
import { request } from "undici";
import { startGateway } from "./server.js";
import { GATEWAY_LIMITS, type GatewayLimits } from "./limits.js";
import { CONNECTION_POOL_DEFAULTS } from "../connection-pool.js";
import { startUpstream, waitFor } from "../testing/upstream.js";

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(limits: Partial<GatewayLimits> = {}, options: Record<string, unknown> = {}) {
  const primary = await startUpstream("primary");
  const backup = await startUpstream("backup");
  const gw = await startGateway({
    config: {
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: primary.url },
        { name: "backup", url: backup.url },
      ],
      options: { healthChecks: false, ...options },
    },
    port: 0,
    limits,
  });
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => gw.close()
  );
  const post = async (body: unknown) => {
    const res = await request(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return {
      status: res.statusCode,
      body: (await res.body.json()) as { error?: { code: string; param: string; type: string }; model?: string },
    };
  };
  const endpoints = async () =>
    (
      (await (await request(`${gw.url}/status`)).body.json()) as {
        endpoints: Array<{ name: string; breaker: string; failures: number }>;
      }
    ).endpoints;
  return { primary, backup, gw, post, endpoints };
}

const messages = [{ role: "user", content: "hi" }];

describe("the gateway's edge", () => {
  it("answers a bad request with 400 in OpenAI's shape, sends nothing upstream, opens no breaker", async () => {
    const { primary, backup, post, endpoints } = await setup();
    for (const bad of [
      { max_tokens: -5 },
      { max_tokens: 1.5 },
      { max_completion_tokens: 0 },
      { stream: "yes" },
      { model: 7 },
    ]) {
      const r = await post({ model: "m", messages, ...bad });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error).toMatchObject({ type: "invalid_request_error", code: "invalid_request" });
    }
    expect((await post({ model: "m", messages: [{ content: "no role" }] })).body.error?.param).toBe("messages[0].role");
    expect(primary.state.requests + backup.state.requests).toBe(0);
    expect((await endpoints()).map((e) => [e.breaker, e.failures])).toEqual([
      ["closed", 0],
      ["closed", 0],
    ]);
  });
});

describe("the gateway's upstream limits", () => {
  it("opens as many connections to an endpoint as it accepts from callers: a failover may move them all there", () => {
    expect(CONNECTION_POOL_DEFAULTS.maxConnections).toBeGreaterThanOrEqual(GATEWAY_LIMITS.maxConnections);
  });

  it("fails over from an upstream answering an endless body, and keeps serving others meanwhile", async () => {
    const { primary, gw, post, endpoints } = await setup();
    primary.state.mode = "huge";
    const slowOne = post({ model: "m", messages });
    const health = await request(`${gw.url}/health`);
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const r = await slowOne;
    expect(r.status).toBe(200);
    expect(r.body.model).toMatch(/^backup\//);
    expect((await endpoints())[0]!.failures).toBe(1);
  });
});

describe("the gateway's streaming callers", () => {
  /** Sends a streamed chat request on a raw socket and returns it with what it read. */
  async function rawStream(port: number) {
    const socket = connect(port, "127.0.0.1");
    cleanups.push(() => void socket.destroy());
    const seen = { bytes: 0 };
    socket.on("data", (d) => {
      seen.bytes += d.length;
    });
    socket.on("error", () => {});
    await new Promise((r) => socket.once("connect", r));
    const body = JSON.stringify({ model: "m", messages, stream: true });
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: ` +
        `application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`
    );
    return { socket, seen };
  }

  it("a caller that stops reading is cut off past callerBacklogBytes; upstream is cancelled, not blamed", async () => {
    const { primary, gw, endpoints } = await setup(
      { callerBacklogBytes: 64 * 1024 },
      { maxResponseBytes: 64 * 1024 * 1024 }
    );
    primary.state.mode = "huge";
    const { socket, seen } = await rawStream(gw.port);
    await waitFor(() => seen.bytes > 0, 2000, "the stream to start");
    socket.pause(); // stops reading; the kernel buffers fill, then the gateway's
    await waitFor(() => primary.state.hungUpOn === 1, 5000, "the upstream to be cancelled");
    expect((await endpoints())[0]).toMatchObject({ breaker: "closed", failures: 0 });
  });

  it("a caller that goes away mid-stream cancels the upstream attempt", async () => {
    const { primary, gw } = await setup({}, { maxResponseBytes: 64 * 1024 * 1024 });
    primary.state.mode = "huge";
    const { socket, seen } = await rawStream(gw.port);
    await waitFor(() => seen.bytes > 0, 2000, "the stream to start");
    socket.destroy();
    await waitFor(() => primary.state.hungUpOn === 1, 2000, "the upstream to be cancelled");
  });
});

describe("the gateway's request bodies", () => {
  it("refuses a body past bodyBytesInFlight with 503 and Retry-After, and serves once the first is done", async () => {
    const { gw } = await setup({ bodyBytesInFlight: 1536 * 1024 });
    // Under the test upstream's own 1 MiB limit, and two of them over the gateway's budget.
    const big = JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(900 * 1024) }] });
    // The first body is announced and held back, so its bytes stay reserved.
    const first = connect(gw.port, "127.0.0.1");
    cleanups.push(() => void first.destroy());
    first.on("error", () => {});
    let firstAnswer = "";
    first.on("data", (d) => {
      firstAnswer += d.toString("latin1");
    });
    await new Promise((r) => first.once("connect", r));
    first.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: ` +
        `application/json\r\ncontent-length: ${big.length}\r\n\r\n`
    );
    const post = () =>
      request(`${gw.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big,
      });
    // Until the gateway has read the first request's headers a second body still fits: a few tries, no sleep.
    let refused = false;
    for (let i = 0; i < 20 && !refused; i++) {
      const r = await post();
      refused = r.statusCode === 503;
      if (refused) {
        expect(r.headers["retry-after"]).toBe("1");
        expect(((await r.body.json()) as { error: { code: string } }).error.code).toBe("bodies_in_flight_full");
      } else await r.body.dump();
    }
    expect(refused).toBe(true);
    first.write(big); // not end(): a half-closed connection gets no answer from node:http
    await waitFor(() => firstAnswer.includes("HTTP/1.1 200"), 3000, "the first request's answer");
    const third = await post();
    expect(third.statusCode).toBe(200);
    await third.body.dump();
  });
});

describe("values the gateway pastes into answers", () => {
  it("refuses an endpoint name that could break the JSON or a header, naming the field", async () => {
    const { createFailoverClient } = await import("../client.js");
    for (const name of ['a"b', "line\nbreak", "sp ace", "x".repeat(65)]) {
      expect(
        () => createFailoverClient({ strategy: "active-passive", endpoints: [{ name, url: "http://127.0.0.1:1/v1" }] }),
        name
      ).toThrow(/endpoints\[0\]\.name: .* must be 1-64 letters/);
    }
  });
});
