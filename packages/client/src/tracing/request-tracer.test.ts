import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../gateway/server.js";
import { startUpstream } from "../testing/upstream.js";
import { RequestTracer } from "./request-tracer.js";
import { startOtlpReceiver } from "./otlp-receiver.test-util.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("OTLP traces of the gateway", () => {
  it("exports a request span with one child per attempt for a request that failed over", async () => {
    const receiver = await startOtlpReceiver();
    const primary = await startUpstream("primary");
    const backup = await startUpstream("backup");
    primary.state.mode = "500";
    const tracer = new RequestTracer({ endpoint: receiver.url, serviceName: "faultline-gateway" });
    const gw = await startGateway({
      port: 0,
      tracer,
      config: {
        strategy: "active-passive",
        endpoints: [
          { name: "primary", url: primary.url },
          { name: "backup", url: backup.url },
        ],
        // One attempt each, so the tree is one failover: a same-endpoint retry would add a third.
        options: { retrySameEndpoint: false },
      },
    });
    cleanups.push(
      () => receiver.close(),
      () => primary.close(),
      () => backup.close(),
      () => gw.close()
    );
    const answer = await fetch(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "trace-failover-1" },
      body: JSON.stringify({ model: "llama3-8b", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(answer.status).toBe(200);
    await answer.text();
    await tracer.shutdown();

    const request = receiver.spans.find((s) => s.attributes["faultline.request_id"] === "trace-failover-1");
    expect(request).toBeDefined();
    expect(request!).toMatchObject({
      name: "chat llama3-8b",
      service: "faultline-gateway",
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "llama3-8b",
        "gen_ai.request.max_tokens": 5,
        "faultline.attempts": 2,
        "faultline.served_by": "backup",
      },
    });
    expect(request!.parentSpanId ?? "", "the request's span is a root").toBe("");
    expect(request!.attributes["gen_ai.usage.output_tokens"]).toBeGreaterThan(0);
    expect(request!.status.code ?? 0).not.toBe(2);

    const attempts = receiver.spans
      .filter((s) => s.parentSpanId === request!.spanId)
      .sort((a, b) => Number(a.attributes["faultline.attempt"]) - Number(b.attributes["faultline.attempt"]));
    expect(attempts.map((s) => s.traceId)).toEqual([request!.traceId, request!.traceId]);
    expect(attempts[0]).toMatchObject({
      status: { code: 2 },
      attributes: {
        "faultline.endpoint": "primary",
        "faultline.outcome": "http_5xx",
        "error.type": "http_5xx",
        "http.response.status_code": 500,
        "server.address": "127.0.0.1",
      },
    });
    expect(attempts[1]).toMatchObject({
      attributes: { "faultline.endpoint": "backup", "faultline.outcome": "ok", "http.response.status_code": 200 },
    });
    expect(attempts[1]!.attributes["gen_ai.response.time_to_first_chunk"]).toBeGreaterThan(0);
    // The children lie inside the request's span, the second after the first.
    const t = (s: { startTimeUnixNano: string }) => BigInt(s.startTimeUnixNano);
    expect(t(attempts[0]!) >= t(request!)).toBe(true);
    expect(t(attempts[1]!) >= BigInt(attempts[0]!.endTimeUnixNano)).toBe(true);
    expect(BigInt(attempts[1]!.endTimeUnixNano) <= BigInt(request!.endTimeUnixNano)).toBe(true);
  });
});
