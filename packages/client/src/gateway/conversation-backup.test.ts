import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI, { NotFoundError } from "openai";
import { startNode, type RunningNode } from "@faultline/node";
import { startGateway } from "./server.js";
import type { RoutingDecision } from "@faultline/contracts";
import type { RoutingEvent } from "../types.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "faultline-conversations-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "conversations.db");
}

async function node(name: string, port = 0): Promise<RunningNode> {
  const n = await startNode({ name, profile: "zero", port, host: "127.0.0.1" });
  cleanups.push(() => n.close());
  return n;
}

async function gateway(
  primary: RunningNode,
  backup: RunningNode,
  conversationStore: string,
  events: RoutingEvent[],
  decisions: RoutingDecision[] = []
) {
  const gw = await startGateway({
    config: {
      strategy: "active-passive",
      endpoints: [
        { name: "primary", url: `${primary.url}/v1` },
        { name: "backup", url: `${backup.url}/v1` },
      ],
      // No health checks: the test decides when the primary is gone, and the backup learns it from the turn itself.
      options: { conversationStore, healthChecks: false },
    },
    port: 0,
    onEvent: (e) => events.push(e),
    onDecision: (d) => decisions.push(d),
  });
  const openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: "unused", maxRetries: 0, timeout: 5000 });
  return { gw, openai };
}

/** One turn through the gateway: the response and the endpoint that served it. */
async function turn(openai: OpenAI, input: string, previous?: string) {
  const { data, response } = await openai.responses
    .create({ model: "m", input, max_output_tokens: 16, ...(previous ? { previous_response_id: previous } : {}) })
    .withResponse();
  return { r: data, endpoint: response.headers.get("x-faultline-endpoint") };
}

describe("conversation backup in the gateway", () => {
  it("sends a conversation whose owner died to the backup, from the transcript, and the chain goes on", async () => {
    const [primary, backup] = [await node("primary"), await node("backup")];
    const events: RoutingEvent[] = [];
    const decisions: RoutingDecision[] = [];
    const { gw, openai } = await gateway(primary, backup, tempFile(), events, decisions);
    cleanups.push(() => gw.close());
    const t1 = await turn(openai, "first question");
    const t2 = await turn(openai, "second question", t1.r.id);
    // The ledger says why the second turn went to the primary: it owns the conversation.
    expect(decisions[1]).toMatchObject({
      chosen: "primary",
      reason: "the endpoint that owns the conversation (previous_response_id)",
    });
    expect(decisions[1]!.filters[0]).toEqual({ filter: "owner", removed: ["backup"] });
    expect([t1.endpoint, t2.endpoint]).toEqual(["primary", "primary"]);
    await primary.close();
    const before = decisions.length;
    const t3 = await turn(openai, "third question", t2.r.id);
    expect(t3.endpoint).toBe("backup");
    // On the ledger: one attempt on the dead owner (a refused connection is not retried there), then the transcript
    // routed as any request, the strategy's failover included.
    const third = decisions.slice(before);
    expect([third[0]!.chosen, third[0]!.filters[0]]).toEqual(["primary", { filter: "owner", removed: ["backup"] }]);
    expect(third.slice(1).map((d) => d.filters[0])).toEqual(
      third.slice(1).map(() => ({ filter: "owner", removed: [] }))
    );
    expect(third.at(-1)).toMatchObject({ chosen: "backup" });
    // The caller's chain: the answer names the caller's previous response, though the backup got none.
    expect(t3.r.previous_response_id).toBe(t2.r.id);
    // The backup prefilled the whole conversation: both earlier turns, their answers, and the new question.
    const history = ["first question", t1.r.output_text, "second question", t2.r.output_text, "third question"];
    const roles = "user".length * 3 + "assistant".length * 2;
    expect(t3.r.usage!.input_tokens).toBe(Math.ceil((history.join("").length + roles) / 4));
    const replayed = events.filter((e) => e.kind === "conversation_replayed");
    expect(replayed).toHaveLength(1);
    expect(replayed[0]).toMatchObject({
      from: "primary",
      to: "backup",
      detail: { previousResponseId: t2.r.id, messages: 5 },
    });
    // The backup now owns the conversation: the next turn continues there by its own stored state.
    const t4 = await turn(openai, "fourth question", t3.r.id);
    expect(t4.endpoint).toBe("backup");
    expect(events.filter((e) => e.kind === "conversation_replayed")).toHaveLength(1);
  });

  it("backs up a streamed turn whose owner died, its events naming the caller's chain", async () => {
    const [primary, backup] = [await node("primary"), await node("backup")];
    const events: RoutingEvent[] = [];
    const { gw, openai } = await gateway(primary, backup, tempFile(), events);
    cleanups.push(() => gw.close());
    const streamed = async (input: string, previous?: string) => {
      const stream = await openai.responses.create({
        model: "m",
        input,
        stream: true,
        max_output_tokens: 16,
        ...(previous ? { previous_response_id: previous } : {}),
      });
      const seen: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const e of stream) seen.push(e);
      return seen;
    };
    const first = await streamed("first question");
    const r1 = (first.at(-1) as { response: OpenAI.Responses.Response }).response;
    expect(r1.model).toBe("primary/m");
    await primary.close();
    const second = await streamed("second question", r1.id);
    expect(second[0]!.type).toBe("response.created");
    const created = (second[0] as { response: OpenAI.Responses.Response }).response;
    const done = (second.at(-1) as { type: string; response: OpenAI.Responses.Response }).response;
    expect([created.previous_response_id, done.previous_response_id, done.model]).toEqual([r1.id, r1.id, "backup/m"]);
    const text = second.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : [])).join("");
    expect(text.trim().split(" ")).toHaveLength(16);
    expect(events.filter((e) => e.kind === "conversation_replayed")).toHaveLength(1);
    // The streamed answer was kept: the next turn continues on the backup, which owns it.
    const third = await turn(openai, "third question", done.id);
    expect(third.endpoint).toBe("backup");
  });

  it("does not replay a stream the owner broke after the caller got part of it (the caller holds it)", async () => {
    const [primary, backup] = [await node("primary"), await node("backup")];
    const events: RoutingEvent[] = [];
    const { gw } = await gateway(primary, backup, tempFile(), events);
    cleanups.push(() => gw.close());
    const t1 = await fetch(`${gw.url}/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", input: "first question", max_output_tokens: 16 }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const admin = await fetch(`${primary.url}/admin/faults`, {
      method: "POST",
      headers: { authorization: `Bearer ${primary.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "stream-cut", afterTokens: 3 }),
    });
    expect(admin.status).toBe(201);
    const res = await fetch(`${gw.url}/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", input: "second", stream: true, previous_response_id: t1.id }),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.match(/response\.output_text\.delta/g)).toHaveLength(3);
    expect(text).toContain('"code":"stream_aborted"');
    expect(text).not.toContain("response.completed");
    expect(events.map((e) => e.kind)).toEqual(expect.not.arrayContaining(["conversation_replayed"]));
  });

  it("without a transcript store, the same turn fails with the backup's 404", async () => {
    const [primary, backup] = [await node("primary"), await node("backup")];
    const { gw, openai } = await gateway(primary, backup, "", []);
    cleanups.push(() => gw.close());
    const t1 = await turn(openai, "first question");
    await primary.close();
    const err = await turn(openai, "second question", t1.r.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe("previous_response_not_found");
  });

  it("keeps transcripts across a gateway restart", async () => {
    const [primary, backup] = [await node("primary"), await node("backup")];
    const file = tempFile();
    const first = await gateway(primary, backup, file, []);
    const t1 = await turn(first.openai, "first question");
    await first.gw.close();
    await primary.close();
    const events: RoutingEvent[] = [];
    const second = await gateway(primary, backup, file, events);
    cleanups.push(() => second.gw.close());
    const t2 = await turn(second.openai, "second question", t1.r.id);
    expect(t2.endpoint).toBe("backup");
    expect(events.map((e) => e.kind)).toContain("conversation_replayed");
  });

  it("replays when the owner is up but answers 404 (it restarted and lost its state)", async () => {
    const primary = await node("primary");
    const backup = await node("backup");
    const events: RoutingEvent[] = [];
    const { gw, openai } = await gateway(primary, backup, tempFile(), events);
    cleanups.push(() => gw.close());
    const t1 = await turn(openai, "first question");
    await primary.close();
    await node("primary", primary.port); // the same address, a fresh memory
    const t2 = await turn(openai, "second question", t1.r.id);
    expect(t2.r.previous_response_id).toBe(t1.r.id);
    const replayed = events.find((e) => e.kind === "conversation_replayed");
    expect(replayed?.reason).toMatch(/previous_response_not_found|Previous response with id/);
    // The strategy picks where the transcript goes: the primary is up again, so there.
    expect(t2.endpoint).toBe("primary");
  });
});
