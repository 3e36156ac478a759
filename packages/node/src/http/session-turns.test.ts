import { afterEach, describe, expect, it } from "vitest";
import { fetch, request } from "undici";
import { SESSION_HEADER } from "@faultline/contracts";
import { testNode, type TestNode } from "../testing.test-util.js";

const words = (n: number) => Array.from({ length: n }, () => "word").join(" ");

/** Sends one turn of session `session` with `history` messages; returns the usage the node reported. */
async function turn(node: TestNode, session: string | null, messages: Array<{ role: string; content: string }>) {
  const res = await fetch(node.url + "/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", ...(session ? { [SESSION_HEADER]: session } : {}) },
    body: JSON.stringify({ model: "m", messages, max_tokens: 4 }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    usage: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details: { cached_tokens: number } };
  };
  return body.usage;
}

const metric = async (node: TestNode, series: string) =>
  Number(
    (await (await request(node.url + "/metrics")).body.text())
      .split("\n")
      .find((l) => l.startsWith(series))
      ?.split(" ")
      .pop()
  );

describe("a node's per-session prefix cache", () => {
  const nodes: TestNode[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
  });

  it("serves the next turn from the conversation's cached history; a node that never saw it starts cold", async () => {
    const [warm, cold] = [await testNode({ name: "warm" }), await testNode({ name: "cold" })];
    nodes.push(warm, cold);
    const history = [
      { role: "system", content: words(2000) },
      { role: "user", content: words(100) },
    ];
    const first = await turn(warm, "s-1", history);
    expect(first.prompt_tokens_details.cached_tokens).toBe(0);
    history.push({ role: "assistant", content: words(first.completion_tokens) }, { role: "user", content: words(50) });
    const second = await turn(warm, "s-1", history);
    // Only the answer's and the new message's tokens are computed again: the rest is the first turn's prompt.
    expect(second.prompt_tokens_details.cached_tokens).toBe(first.prompt_tokens + first.completion_tokens);
    expect(second.prompt_tokens - second.prompt_tokens_details.cached_tokens).toBeLessThan(100);
    // The same turn on another node (a failover): nothing cached there, the whole history is prefilled.
    expect((await turn(cold, "s-1", history)).prompt_tokens_details.cached_tokens).toBe(0);
    expect(await metric(warm, "faultline_session_cache_hits_total")).toBe(1);
    expect(await metric(warm, "faultline_session_cache_misses_total")).toBe(1);
    expect(await metric(cold, "faultline_session_cache_misses_total")).toBe(1);
    expect(await metric(warm, "faultline_session_cache_sessions")).toBe(1);
  });

  it("keeps one conversation's history from another's", async () => {
    const node = await testNode();
    nodes.push(node);
    const history = [
      { role: "system", content: words(500) },
      { role: "user", content: words(10) },
    ];
    await turn(node, "a", history);
    expect((await turn(node, "b", history)).prompt_tokens_details.cached_tokens).toBe(0);
  });
});
