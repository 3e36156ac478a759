import { afterEach, describe, expect, it } from "vitest";
import { checkSplice, startNode } from "@faultline/node";
import { request } from "undici";
import { createFailoverClient } from "./client.js";

// A resumed stream read as the caller reads it, checked against the deterministic text: the node continues a prefill
// of its own text where it stopped, so the caller's whole answer must be one uninterrupted sequence.
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const primary = await startNode({ name: "primary", profile: "zero", port: 0 });
  const backup = await startNode({ name: "backup", profile: "zero", port: 0 });
  const client = createFailoverClient({
    strategy: "active-passive",
    endpoints: [
      { name: "primary", url: `${primary.url}/v1` },
      { name: "backup", url: `${backup.url}/v1`, supportsPrefill: true },
    ],
    options: { healthChecks: false },
  });
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => client.close()
  );
  return { primary, client };
}

async function inject(node: { url: string; adminToken: string }, spec: Record<string, unknown>): Promise<void> {
  const res = await request(`${node.url}/admin/faults`, {
    method: "POST",
    headers: { authorization: `Bearer ${node.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  expect(res.statusCode).toBe(201);
  await res.body.dump();
}

/** Streams one answer through the client; returns what the caller received and how many attempts it took. */
async function stream(client: ReturnType<typeof createFailoverClient>, maxTokens: number) {
  let text = "";
  const out = await client.chat(
    { model: "m", messages: [{ role: "user", content: "tell me" }], max_tokens: maxTokens, stream: true },
    {
      onChunk: (line) => {
        const delta = (JSON.parse(line) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta;
        text += delta?.content ?? "";
      },
    }
  );
  return { text, out };
}

describe("a stream resumed on the backup, checked at the splice", () => {
  for (const fault of [
    { kind: "stream-cut", afterTokens: 1 },
    { kind: "stream-cut", afterTokens: 9 },
    { kind: "stream-error", afterTokens: 23 },
  ]) {
    it(`${fault.kind} after ${fault.afterTokens} tokens: no text twice, none lost`, async () => {
      const { primary, client } = await setup();
      await inject(primary, fault);
      const { text, out } = await stream(client, 40);
      expect(out).toMatchObject({ ok: true, servedBy: "backup", attempts: 2 });
      expect(checkSplice(text, 40)).toEqual({ whole: true, tokens: 40 });
    });
  }
});
