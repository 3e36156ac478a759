import { afterEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { chat, inject, testNode, type TestNode } from "./testing.test-util.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

/** The value of the first sample whose name and labels start with `series`. */
const metric = (text: string, series: string) =>
  Number(
    text
      .split("\n")
      .find((l) => l.startsWith(series))
      ?.split(" ")
      .pop()
  );

/** The value of the sample of `name` whose labels include `label`. */
const withLabel = (text: string, name: string, label: string) =>
  Number(
    text
      .split("\n")
      .find((l) => l.startsWith(name) && l.includes(label))
      ?.split(" ")
      .pop()
  );

const SYSTEM = { role: "system", content: "You are a careful assistant who answers briefly and plainly." };

describe("/metrics", () => {
  it("exposes vLLM's metric names with real counts and our fault gauges", async () => {
    node = await testNode({ profile: "h100-llama3-8b", overrides: { ttftMs: 5, itlMs: 1 }, processMetrics: true });
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
    expect(metric(text, "faultline_faults_active")).toBe(1);
    expect(metric(text, 'faultline_fault_active{kind="hang"}')).toBe(1);
    expect(metric(text, 'faultline_fault_active{kind="latency"}')).toBe(0);
    expect(text).toContain("# TYPE vllm:num_preemptions_total counter");
    expect(text).toContain("process_cpu_seconds_total");
  });

  it("serves the per-request phase and length histograms vLLM's dashboard queries, and finished_reason", async () => {
    node = await testNode({ profile: "h100-llama3-8b", overrides: { ttftMs: 5, itlMs: 2 } });
    await chat(node, { max_tokens: 5 });
    await chat(node, { max_tokens: 3, stream: true });
    const text = await (await request(node.url + "/metrics")).body.text();
    const labels = "{";
    for (const h of ["queue_time", "prefill_time", "decode_time", "inference_time"])
      expect(metric(text, `vllm:request_${h}_seconds_count${labels}`), h).toBe(2);
    expect(metric(text, `vllm:time_per_output_token_seconds_count${labels}`)).toBe(2);
    // Decode time is the span from first to last token: the inter-token gaps, summed.
    const decode = metric(text, `vllm:request_decode_time_seconds_sum${labels}`);
    expect(decode).toBeGreaterThan(0);
    expect(decode).toBeCloseTo(metric(text, `vllm:inter_token_latency_seconds_sum${labels}`), 6);
    expect(metric(text, `vllm:request_generation_tokens_sum${labels}`)).toBe(8);
    expect(metric(text, `vllm:request_max_num_generation_tokens_sum${labels}`)).toBe(8);
    expect(metric(text, `vllm:request_prompt_tokens_count${labels}`)).toBe(2);
    expect(withLabel(text, "vllm:request_success_total{", 'finished_reason="length"')).toBe(2);
    expect(withLabel(text, "vllm:request_success_total{", 'finished_reason="stop"')).toBe(0);
  });

  it("counts prefix-cache queries and hits in tokens: a repeated system prompt hits", async () => {
    node = await testNode({ profile: "h100-llama3-8b", overrides: { ttftMs: 1, itlMs: 0 } });
    const messages = [SYSTEM, { role: "user", content: "hello" }];
    await chat(node, { max_tokens: 1, messages });
    const first = await (await request(node.url + "/metrics")).body.text();
    await chat(node, { max_tokens: 1, messages });
    const second = await (await request(node.url + "/metrics")).body.text();
    const queries = (t: string) => metric(t, "vllm:prefix_cache_queries_total");
    const hits = (t: string) => metric(t, "vllm:prefix_cache_hits_total");
    expect(hits(first)).toBe(0);
    expect(queries(second)).toBe(2 * queries(first));
    expect(hits(second)).toBeGreaterThan(0);
    expect(hits(second)).toBeLessThan(queries(first));
  });
});
