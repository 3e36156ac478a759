import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { chat, inject, testNode, type TestNode } from "./testing.test-util.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

const metric = (text: string, name: string) =>
  Number(
    text
      .split("\n")
      .find((l) => l.startsWith(name))
      ?.split(" ")
      .pop()
  );

describe("/metrics", () => {
  it("exposes vLLM's metric names with real counts and our fault gauges", async () => {
    node = await testNode({ profile: "h100-llama3-8b", overrides: { ttftMs: 5, itlMs: 1 } });
    await chat(node, { max_tokens: 4 });
    await chat(node, { max_tokens: 4, stream: true });
    await inject(node, { kind: "hang" });
    const r = await request(node.url + "/metrics");
    const text = await r.body.text();
    expect(r.headers["content-type"]).toMatch(/text\/plain/);
    expect(metric(text, "vllm:generation_tokens_total")).toBe(8);
    expect(metric(text, "vllm:time_to_first_token_seconds_count")).toBe(2);
    expect(metric(text, "vllm:inter_token_latency_seconds_count")).toBe(6);
    expect(metric(text, "vllm:e2e_request_latency_seconds_count")).toBe(2);
    for (const name of ["vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc"])
      expect(text).toContain(name);
    expect(metric(text, "faultline:faults_active")).toBe(1);
  });
});
