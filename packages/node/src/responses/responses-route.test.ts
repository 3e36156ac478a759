import { afterEach, describe, expect, it } from "vitest";
import OpenAI, { NotFoundError, RateLimitError } from "openai";
import { inject, testNode, type TestNode } from "../testing.test-util.js";
import { completionText } from "../gpu/token-text.js";

let node: TestNode;
afterEach(async () => {
  await node?.close();
});

const client = (n: TestNode) => new OpenAI({ baseURL: `${n.url}/v1`, apiKey: "unused", maxRetries: 0, timeout: 5000 });

describe("the node's Responses API, through the official openai client", () => {
  it("answers in OpenAI's response shape, with usage", async () => {
    node = await testNode();
    const r = await client(node).responses.create({ model: "any", input: "Say something.", max_output_tokens: 16 });
    expect(r.id).toMatch(/^resp_[0-9a-f]{32}$/);
    expect(r.object).toBe("response");
    expect(r.output[0]).toMatchObject({ type: "message", role: "assistant" });
    expect(r.output_text.trim().split(" ")).toHaveLength(16);
    // max_output_tokens reached: OpenAI calls the answer incomplete.
    expect(r.status).toBe("incomplete");
    expect(r.incomplete_details?.reason).toBe("max_output_tokens");
    expect(r.usage).toMatchObject({ output_tokens: 16, total_tokens: r.usage!.input_tokens + 16 });
  });

  it("continues a stored conversation: the next turn is prefilled over the whole history", async () => {
    node = await testNode();
    const first = await client(node).responses.create({
      model: "any",
      input: "A question of forty characters, or so.",
      max_output_tokens: 20,
    });
    const second = await client(node).responses.create({
      model: "any",
      input: "And another?",
      previous_response_id: first.id,
      max_output_tokens: 20,
    });
    expect(second.previous_response_id).toBe(first.id);
    // The history (first question and its 20-token answer) is part of the second prompt.
    const historyChars =
      "A question of forty characters, or so.".length + "user".length + first.output_text.length + "assistant".length;
    expect(second.usage!.input_tokens).toBe(Math.ceil((historyChars + "And another?".length + "user".length) / 4));
    expect(second.usage!.input_tokens).toBeGreaterThan(first.usage!.input_tokens + 20);
  });

  it("answers an unknown previous_response_id with OpenAI's 404", async () => {
    node = await testNode();
    const err = await client(node)
      .responses.create({ model: "any", input: "hi", previous_response_id: "resp_gone" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).error).toEqual({
      message: "Previous response with id 'resp_gone' not found.",
      type: "invalid_request_error",
      param: "previous_response_id",
      code: "previous_response_not_found",
    });
  });

  it("keeps nothing with store: false, so a later turn cannot name it", async () => {
    node = await testNode();
    const r = await client(node).responses.create({ model: "any", input: "hi", store: false, max_output_tokens: 16 });
    expect((r as { store?: boolean }).store).toBe(false);
    await expect(
      client(node).responses.create({ model: "any", input: "again", previous_response_id: r.id })
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("streams OpenAI's Responses events, the deltas adding up to the completed text", async () => {
    node = await testNode();
    const stream = await client(node).responses.create({
      model: "any",
      input: "hi",
      stream: true,
      max_output_tokens: 16,
    });
    const types: string[] = [];
    let text = "";
    let final: OpenAI.Responses.Response | undefined;
    let seq = -1;
    for await (const e of stream) {
      types.push(e.type);
      expect(e.sequence_number).toBe(++seq);
      if (e.type === "response.output_text.delta") text += e.delta;
      if (e.type === "response.incomplete" || e.type === "response.completed") final = e.response;
    }
    expect(types.slice(0, 4)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    expect(types.filter((t) => t === "response.output_text.delta")).toHaveLength(16);
    expect(types.slice(-4)).toEqual([
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.incomplete",
    ]);
    expect(final!.output_text ?? (final!.output[0] as { content: { text: string }[] }).content[0]!.text).toBe(text);
    // A streamed answer is stored too.
    const next = await client(node).responses.create({ model: "any", input: "more", previous_response_id: final!.id });
    expect(next.previous_response_id).toBe(final!.id);
  });

  it("is subject to the node's faults, like chat completions", async () => {
    node = await testNode();
    await inject(node, { kind: "rate-limit", retryAfterMs: 2000 });
    await expect(client(node).responses.create({ model: "any", input: "hi" })).rejects.toBeInstanceOf(RateLimitError);
  });

  it("names the field of a bad request", async () => {
    node = await testNode();
    const res = await fetch(`${node.url}/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", input: "hi", max_output_tokens: 3 }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("max_output_tokens");
  });

  it("writes the simulator's deterministic text", async () => {
    node = await testNode();
    const r = await client(node).responses.create({ model: "any", input: "hi", max_output_tokens: 16 });
    const words = r.output_text.split(" ").filter(Boolean);
    // Some start word gives exactly this text: the text is the deterministic source's, not made up here.
    const starts = Array.from({ length: 200 }, (_, s) => completionText(s, 16));
    expect(starts).toContain(r.output_text);
    expect(words).toHaveLength(16);
  });
});
