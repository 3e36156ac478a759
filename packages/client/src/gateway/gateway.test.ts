import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { request } from "undici";
import { startGateway } from "./server.js";
import { loadGatewayConfig, endpointsFromFlags } from "./config.js";
import { startUpstream } from "../testing/upstream.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const primary = await startUpstream("primary");
  const backup = await startUpstream("backup");
  const gw = await startGateway({
    config: {
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: primary.url, model: "llama3-8b" },
        { name: "backup", url: backup.url, model: "llama3-70b" },
      ],
    },
    port: 0,
    processMetrics: true,
  });
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => gw.close()
  );
  const openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: "unused", maxRetries: 0 });
  return { primary, backup, gw, openai };
}

describe("the gateway", () => {
  it("answers an OpenAI client, naming the serving endpoint in the header and in model", async () => {
    const { openai, primary } = await setup();
    primary.state.mode = "500";
    const { data, response } = await openai.chat.completions
      .create({ model: "any", messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(response.headers.get("x-faultline-endpoint")).toBe("backup");
    // The primary's 500 is retried once in place (retrySameEndpoint), then the backup answers.
    expect(response.headers.get("x-faultline-attempts")).toBe("3");
    expect(data.model).toBe("backup/llama3-70b");
    expect(data.choices[0]!.message.content).toBe("hello from backup");
  });

  it("streams through the OpenAI client and ends with [DONE]", async () => {
    const { openai } = await setup();
    const stream = await openai.chat.completions.create({
      model: "any",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    let text = "";
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      expect(chunk.model).toBe("primary/llama3-8b");
    }
    expect(text).toBe("primary0 primary1 primary2 primary3 primary4 ");
  });

  it("turns a stream cut after the first token into an error the OpenAI client raises, not a clean end", async () => {
    const { openai, primary } = await setup();
    primary.state.mode = "stream-cut";
    const stream = await openai.chat.completions.create({
      model: "any",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    let text = "";
    await expect(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
      })()
    ).rejects.toThrow(/stream aborted/);
    expect(text).toBe("primary0 primary1 ");
  });

  it("passes a content-policy refusal through with its status and reason", async () => {
    const { openai, primary, backup } = await setup();
    primary.state.mode = "policy";
    await expect(
      openai.chat.completions.create({ model: "any", messages: [{ role: "user", content: "hi" }] })
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("content_policy") });
    expect(backup.state.requests).toBe(0);
  });

  it("serves /v1/models, /status and Prometheus /metrics", async () => {
    const { gw, openai, primary } = await setup();
    primary.state.mode = "500";
    await openai.chat.completions.create({ model: "any", messages: [{ role: "user", content: "hi" }] });
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["llama3-8b", "llama3-70b"]);
    const status = (await (await request(`${gw.url}/status`)).body.json()) as {
      strategy: string;
      endpoints: Array<{ name: string }>;
    };
    expect(status.strategy).toBe("active-passive");
    expect(status.endpoints.map((e) => e.name)).toEqual(["primary", "backup"]);
    const metrics = await (await request(`${gw.url}/metrics`)).body.text();
    // A 500 is retried once on the same endpoint (retrySameEndpoint), then the backup answers.
    expect(metrics).toContain('faultline_routing_events_total{kind="retry",endpoint="primary"} 1');
    expect(metrics).toContain('faultline_routing_events_total{kind="retry",endpoint="backup"} 1');
    expect(metrics).toContain(
      'faultline_upstream_attempts_total{endpoint="primary",stream="false",outcome="http_5xx"} 2'
    );
    expect(metrics).toContain('faultline_upstream_attempts_total{endpoint="backup",stream="false",outcome="ok"} 1');
    expect(metrics).toMatch(/gen_ai_client_operation_duration_seconds_count\{[^}]*endpoint="backup"[^}]*\} 1/);
    expect(metrics).toMatch(
      /faultline_upstream_time_to_first_token_seconds_count\{endpoint="backup",stream="false"\} 1/
    );
    expect(metrics).toContain("process_cpu_seconds_total");
    expect(metrics).toContain('faultline_requests_total{endpoint="backup",outcome="ok"} 1');
    expect(metrics).toMatch(/faultline_breaker_state\{endpoint="primary"\} 0/);
    expect(metrics).toContain("faultline_request_duration_seconds_bucket");
    expect(metrics).toContain('faultline_retry_budget{figure="limit"}');
  });

  it("answers bad JSON, no messages or an oversized body with an OpenAI error; nothing goes upstream", async () => {
    const { gw, primary, backup } = await setup();
    const post = async (body: string | Buffer) => {
      const res = await request(`${gw.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      return { status: res.statusCode, body: (await res.body.json()) as { error: { code: string; message: string } } };
    };
    expect(await post("{not json")).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await post(JSON.stringify({ model: "x" }))).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/^messages: /) } },
    });
    expect(await post(Buffer.alloc(33 * 1024 * 1024, 32))).toMatchObject({
      status: 413,
      body: { error: { code: "request_too_large" } },
    });
    expect(primary.state.requests + backup.state.requests).toBe(0);
    // Still serving afterwards.
    expect((await post(JSON.stringify({ model: "x", messages: [{ role: "user", content: "hi" }] }))).status).toBe(200);
  });
});

describe("gateway config", () => {
  const write = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "fl-gw-"));
    const p = join(dir, "gateway.yaml");
    writeFileSync(p, text);
    return p;
  };

  it("loads the smallest config from the issue", () => {
    const config = loadGatewayConfig(
      write(`strategy: active-passive
endpoints:
  - { name: primary, url: http://127.0.0.1:8001/v1, model: llama3-8b }
  - { name: backup,  url: http://127.0.0.1:8002/v1, model: llama3-8b, apiKeyEnv: BACKUP_KEY }
`)
    );
    expect(config.endpoints!.map((e) => e.name)).toEqual(["primary", "backup"]);
    expect(config.endpoints![1]!.apiKeyEnv).toBe("BACKUP_KEY");
  });

  it("names the bad field: an unknown endpoint key, a missing url, an unknown option", () => {
    expect(() => loadGatewayConfig(write("endpoints:\n  - { name: a, url: http://x/v1, modle: m }\n"))).toThrow(
      /endpoints\[0\]\.modle: unknown field \(did you mean "model"\?\)/
    );
    expect(() => loadGatewayConfig(write("endpoints:\n  - { name: a }\n"))).toThrow(/endpoints\[0\]\.url: is required/);
    expect(() =>
      loadGatewayConfig(write("endpoints:\n  - { name: a, url: http://x/v1 }\noptions: { hedgeDelay: 5 }\n"))
    ).toThrow(/options\.hedgeDelay: unknown option \(did you mean "hedgeDelayMs"\?\)/);
    expect(() => loadGatewayConfig("/nonexistent/gateway.yaml")).toThrow(/cannot read the gateway config \(ENOENT\)/);
  });

  it("builds endpoints from --endpoint name=url flags", () => {
    expect(
      endpointsFromFlags(["primary=http://127.0.0.1:8001/v1", "backup=http://127.0.0.1:8002/v1#llama3-70b"])
    ).toEqual([
      { name: "primary", url: "http://127.0.0.1:8001/v1" },
      { name: "backup", url: "http://127.0.0.1:8002/v1", model: "llama3-70b" },
    ]);
    expect(() => endpointsFromFlags(["http://127.0.0.1:8001/v1"])).toThrow(/--endpoint\[0\]: .* must look like name=/);
  });

  it("sets every endpoint field from an --endpoint flag, naming a bad one", () => {
    expect(
      endpointsFromFlags([
        "backup=http://127.0.0.1:8002/v1,model=llama3-70b,supportsPrefill=true,maxContextTokens=8192,apiKeyEnv=KEY",
      ])
    ).toEqual([
      {
        name: "backup",
        url: "http://127.0.0.1:8002/v1",
        model: "llama3-70b",
        supportsPrefill: true,
        maxContextTokens: 8192,
        apiKeyEnv: "KEY",
      },
    ]);
    expect(() => endpointsFromFlags(["a=http://x/v1,supportsPrefil=true"])).toThrow(
      /--endpoint\[0\]\.supportsPrefil: unknown endpoint field \(did you mean "supportsPrefill"\?\)/
    );
    expect(() => endpointsFromFlags(["a=http://x/v1,supportsPrefill=yes"])).toThrow(
      /--endpoint\[0\]\.supportsPrefill: "yes" must be true or false/
    );
    expect(() => endpointsFromFlags(["a=http://x/v1,maxContextTokens=big"])).toThrow(
      /--endpoint\[0\]\.maxContextTokens: must be a positive integer/
    );
  });
});
