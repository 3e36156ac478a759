import { startNode, type RunningNode } from "@faultline/node";
import { systemClock } from "@faultline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpSystemClient } from "./http-system-client.js";
import { SdkSystemClient } from "./sdk-system-client.js";
import type { SendOptions } from "./load-target.js";

let node: RunningNode;
let client: HttpSystemClient;
beforeAll(async () => {
  node = await startNode({ name: "a", profile: "zero" });
  client = new HttpSystemClient({ url: `${node.url}/v1`, headers: {}, model: null }, systemClock);
});
afterAll(async () => {
  await client.close();
  await node.close();
});

const options = (turn: number): SendOptions => ({
  deadlineMs: 5000,
  requestId: `r${turn}`,
  residency: null,
  minTier: null,
  session: { id: "s1", turn },
  api: "responses",
});

describe("a black box sent Responses API turns", () => {
  it("posts them to its /responses and keeps the judged response, streamed or not: the next turn chains", async () => {
    const first = await client.chat(
      { model: "m", input: [{ role: "user", content: "hello there" }], store: true, max_output_tokens: 16 },
      options(1)
    );
    expect(first).toMatchObject({ ok: true, status: 200, servedBy: "a", completionTokens: 16 });
    const id = (first.body as { id: string }).id;
    expect(id).toMatch(/^resp_/);
    const second = await client.chat(
      { model: "m", input: "and then?", previous_response_id: id, store: true, max_output_tokens: 16, stream: true },
      options(2)
    );
    expect(second).toMatchObject({ ok: true, completionTokens: 16 });
    expect((second.body as { previous_response_id: string }).previous_response_id).toBe(id);
    expect(second.text?.chars).toBeGreaterThan(0);
  });

  it("names a previous response the system does not hold as previous_response_not_found in the error", async () => {
    const o = await client.chat(
      { model: "m", input: "hi", previous_response_id: "resp_nobody", store: true, max_output_tokens: 16 },
      options(3)
    );
    expect(o).toMatchObject({ ok: false, status: 404, errorClass: "http_4xx" });
    expect(o.error).toContain("previous_response_not_found");
  });
});

describe("the openai SDK sent Responses API turns", () => {
  it("chains them by responses.create, streamed or not, and names a lost conversation", async () => {
    const sdk = new SdkSystemClient(
      { url: `${node.url}/v1`, headers: {}, model: null },
      { maxRetries: 0, timeoutMs: null },
      systemClock
    );
    const first = await sdk.chat({ model: "m", input: "hello", store: true, max_output_tokens: 16 }, options(1));
    expect(first).toMatchObject({ ok: true, completionTokens: 16 });
    const id = (first.body as { id: string }).id;
    const body = { model: "m", input: "more", previous_response_id: id, store: true, max_output_tokens: 16 };
    const second = await sdk.chat({ ...body, stream: true }, options(2));
    expect(second).toMatchObject({ ok: true, completionTokens: 16 });
    expect((second.body as { previous_response_id: string }).previous_response_id).toBe(id);
    const gone = await sdk.chat({ ...body, previous_response_id: "resp_nobody" }, options(3));
    expect(gone).toMatchObject({ ok: false, status: 404, errorClass: "http_4xx" });
    expect(gone.error).toMatch(/^previous_response_not_found: HTTP 404/);
    await sdk.close();
  });
});
