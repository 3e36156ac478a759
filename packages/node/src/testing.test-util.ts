import type { FakeClock } from "@faultline/core";
import { fetch, request } from "undici";
import { startNode } from "./start-node.js";
import type { NodeOptions } from "./node-options.js";
import type { NodeEvent } from "./sim-node.js";
import type { RunningNode } from "./start-node.js";

/** A node under test with its event log. */
export interface TestNode extends RunningNode {
  events: NodeEvent[];
}

/** Starts a node on 127.0.0.1:0 recording its events. */
export async function testNode(options: Partial<NodeOptions> = {}): Promise<TestNode> {
  const events: NodeEvent[] = [];
  const node = await startNode({ name: "n1", profile: "zero", ...options, onEvent: (e) => events.push(e) });
  return Object.assign(node, { events });
}

/** Calls an admin endpoint with the node's token. */
export async function admin(
  node: RunningNode,
  path: string,
  body?: unknown,
  method = "POST"
): Promise<{ status: number; json: any }> {
  const res = await request(node.url + path, {
    method: method as "POST",
    headers: {
      authorization: `Bearer ${node.adminToken}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

/** Injects a fault and returns its id (fails the test on a non-201). */
export async function inject(node: RunningNode, spec: Record<string, unknown>): Promise<string> {
  const r = await admin(node, "/admin/faults", spec);
  if (r.status !== 201) throw new Error(`inject ${JSON.stringify(spec)} → ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.id as string;
}

/** A chat body with a small prompt. */
export function chatBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: "test-model", messages: [{ role: "user", content: "hello there" }], max_tokens: 8, ...extra };
}

/** POSTs a chat completion; returns status, headers and the whole body text. */
export async function chat(node: RunningNode, extra: Record<string, unknown> = {}, timeoutMs = 5000) {
  const res = await fetch(node.url + "/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(chatBody(extra)),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** GET a path; returns the status. */
export async function status(node: RunningNode, path: string): Promise<number> {
  const res = await request(node.url + path);
  await res.body.dump();
  return res.statusCode;
}

/** Resolves when `cond` holds, polling every 10 ms; throws after `timeoutMs`. */
export async function until(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 3000,
  what = "condition"
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits for the fault with this id to be reverted (its duration ran out). */
export function reverted(node: TestNode, id: string, timeoutMs = 3000): Promise<void> {
  return until(
    () => node.events.some((e) => e.kind === "fault_reverted" && e.detail.id === id),
    timeoutMs,
    `fault ${id} to revert`
  );
}

/** Longer than any fault duration the unit tests use. */
const FAULT_DURATION_CEILING_MS = 10_000;

/** Lets a fault's whole duration pass on the node's fake clock, and waits for its revert event. */
export async function expire(node: TestNode, clock: FakeClock, id: string): Promise<void> {
  clock.advance(FAULT_DURATION_CEILING_MS);
  await reverted(node, id);
}

/** Parses SSE text into its data payloads. */
export function sseData(text: string): string[] {
  return text
    .split("\n\n")
    .filter((f) => f.startsWith("data: "))
    .map((f) => f.slice(6));
}
