import { startNode } from "@faultline/node";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { injectFault } from "../testing/load.js";
import type { RoutingEvent } from "../types.js";
import { startGateway } from "./server.js";

// A real gateway on port 0 in front of two real nodes (zero-latency profile); the backup declares prefill.
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const primary = await startNode({ name: "primary", profile: "zero", port: 0 });
  const backup = await startNode({ name: "backup", profile: "zero", port: 0 });
  const events: RoutingEvent[] = [];
  const gw = await startGateway({
    port: 0,
    config: {
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: `${primary.url}/v1` },
        { name: "backup", url: `${backup.url}/v1`, supportsPrefill: true },
      ],
    },
    onEvent: (e) => events.push(e),
  });
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => gw.close()
  );
  return { primary, backup, gw, events };
}

interface Chunk {
  id: string;
  model: string;
  choices: Array<{ delta: { content?: string }; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** Streams one answer of 60 tokens through the gateway with usage asked for; returns every data payload. */
async function stream(gw: { port: number }) {
  const res = await request(`http://127.0.0.1:${gw.port}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "m",
      messages: [{ role: "user", content: "count" }],
      max_tokens: 60,
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  const text = await res.body.text();
  const payloads = text
    .split("\n\n")
    .filter((f) => f.startsWith("data: "))
    .map((f) => f.slice(6));
  const chunks = payloads.filter((p) => p !== "[DONE]").map((p) => JSON.parse(p) as Chunk);
  return { status: res.statusCode, payloads, chunks, attempts: res.headers["x-faultline-attempts"] };
}

describe("the gateway's streams are one coherent answer", () => {
  it("a resumed stream has one id, one model, one finish_reason and one usage summing both attempts", async () => {
    const { primary, backup, gw, events } = await setup();
    await injectFault(primary, { kind: "stream-cut", afterTokens: 20 });
    const { status, payloads, chunks, attempts } = await stream(gw);
    expect(status).toBe(200);
    expect(attempts).toBe("1"); // the header goes out with the first token, before the cut
    expect(events.filter((e) => e.kind === "stream_resumed")).toHaveLength(1);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(new Set(chunks.map((c) => c.model))).toEqual(new Set([chunks[0]!.model]));
    expect(chunks.filter((c) => c.choices[0]?.finish_reason)).toHaveLength(1);
    const usage = chunks.filter((c) => c.usage);
    expect(usage).toHaveLength(1);
    const delivered = chunks.filter((c) => c.choices[0]?.delta?.content).length;
    expect(delivered).toBe(60);
    expect(usage[0]!.usage!.completion_tokens).toBe(60);
    expect(usage[0]!.usage!.total_tokens).toBe(usage[0]!.usage!.prompt_tokens + 60);
    expect(payloads.at(-1)).toBe("[DONE]");
    void backup;
  });

  it("a finish_reason and usage without [DONE] is a complete answer, on the record as an anomaly", async () => {
    const { primary, backup, gw, events } = await setup();
    await injectFault(primary, { kind: "no-done" });
    const { status, payloads, chunks, attempts } = await stream(gw);
    expect(status).toBe(200);
    expect(attempts).toBe("1");
    expect(chunks.filter((c) => c.choices[0]?.delta?.content)).toHaveLength(60);
    expect(chunks.filter((c) => c.usage).map((c) => c.usage!.completion_tokens)).toEqual([60]);
    // The gateway still ends its own stream properly.
    expect(payloads.at(-1)).toBe("[DONE]");
    expect(events.filter((e) => e.kind === "stream_resumed" || e.kind === "retry")).toEqual([]);
    expect(events.find((e) => e.kind === "stream_anomaly")).toMatchObject({
      endpoint: "primary",
      reason: "the stream ended without [DONE] after its finish_reason and usage",
    });
    // No second upstream call: the backup never saw the request.
    const status2 = (await (await request(`http://127.0.0.1:${gw.port}/status`)).body.json()) as {
      endpoints: Array<{ name: string; attempts: number }>;
    };
    expect(status2.endpoints.map((e) => [e.name, e.attempts])).toEqual([
      ["primary", 1],
      ["backup", 0],
    ]);
    void backup;
  });
});
