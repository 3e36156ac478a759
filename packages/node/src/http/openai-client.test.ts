import { afterEach, describe, expect, it } from "vitest";
import OpenAI, { RateLimitError } from "openai";
import { inject, testNode, type TestNode } from "../testing.test-util.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

const client = (n: TestNode) => new OpenAI({ baseURL: `${n.url}/v1`, apiKey: "unused", maxRetries: 0, timeout: 5000 });
const messages = [{ role: "user" as const, content: "Say something." }];

describe("the official openai client against a node", () => {
  it("gets a completion with usage", async () => {
    node = await testNode({ profile: "h100-llama3-8b", overrides: { ttftMs: 5, itlMs: 1 } });
    const r = await client(node).chat.completions.create({ model: "any", messages, max_tokens: 6 });
    expect(r.object).toBe("chat.completion");
    expect(r.choices[0]!.message.content!.trim().split(" ")).toHaveLength(6);
    expect(r.choices[0]!.finish_reason).toBe("length");
    expect(r.usage).toMatchObject({ completion_tokens: 6, total_tokens: r.usage!.prompt_tokens + 6 });
  });

  it("reads a stream to the end, including the usage chunk", async () => {
    node = await testNode({ profile: "h100-llama3-8b", overrides: { ttftMs: 5, itlMs: 1 } });
    const stream = await client(node).chat.completions.create({
      model: "any",
      messages,
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text.trim().split(" ")).toHaveLength(5);
    expect(finish).toBe("length");
    expect(usage?.completion_tokens).toBe(5);
  });

  it("sees a rate-limited node as a RateLimitError", async () => {
    node = await testNode();
    await inject(node, { kind: "rate-limit", retryAfterMs: 2000 });
    const err = await client(node)
      .chat.completions.create({ model: "any", messages })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).status).toBe(429);
  });

  it("sees a cut stream as an error, not as a clean end", async () => {
    node = await testNode();
    await inject(node, { kind: "stream-cut", afterTokens: 2 });
    const stream = await client(node).chat.completions.create({ model: "any", messages, max_tokens: 10, stream: true });
    const read = async () => {
      for await (const _chunk of stream) {
        /* drain */
      }
    };
    await expect(read()).rejects.toThrow();
  });
});
