import { request } from "undici";
import type { FailoverClient, ChatOutcome } from "../types.js";
import { chatBody } from "./upstream.js";

/** One request of a load run, with when it started (ms since the run began) and how long it took. */
export type Sample = ChatOutcome & { at: number; ms: number; startedAt: number };

/** A timed action of a load run; `startedAt` and `doneAt` (ms since the run began) bracket when it took effect. */
export interface LoadAction {
  at: number;
  run: () => Promise<unknown>;
  startedAt?: number;
  doneAt?: number;
}

/** Sends requests at `rate` per second for `durationMs` (open model); `actions` run at their times. */
export async function runLoad(
  client: FailoverClient,
  rate: number,
  durationMs: number,
  actions: LoadAction[] = [],
  stream = false
): Promise<Sample[]> {
  const t0 = performance.now();
  const pending: Promise<Sample>[] = [];
  const queue = [...actions].sort((a, b) => a.at - b.at);
  const acting: Promise<unknown>[] = [];
  for (let i = 0; (i * 1000) / rate < durationMs; i++) {
    const due = (i * 1000) / rate;
    while (performance.now() - t0 < due)
      await new Promise((r) => setTimeout(r, Math.max(0, due - (performance.now() - t0))));
    while (queue.length && queue[0]!.at <= due) {
      const action = queue.shift()!;
      action.startedAt = performance.now() - t0;
      acting.push(
        action.run().then(() => {
          action.doneAt = performance.now() - t0;
        })
      );
    }
    const startedAt = performance.now();
    const at = startedAt - t0;
    pending.push(
      client.chat(chatBody(stream)).then((o) => ({ ...o, at, startedAt, ms: performance.now() - startedAt }))
    );
  }
  await Promise.all(acting);
  return Promise.all(pending);
}

/** Injects a fault through a node's admin API; returns its id. */
export async function injectFault(
  node: { url: string; adminToken: string },
  fault: Record<string, unknown>
): Promise<string> {
  const res = await request(`${node.url}/admin/faults`, {
    method: "POST",
    headers: { authorization: `Bearer ${node.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  const body = (await res.body.json()) as { id?: string };
  if (res.statusCode >= 300 || !body.id)
    throw new Error(`fault ${JSON.stringify(fault)} refused: ${res.statusCode} ${JSON.stringify(body)}`);
  return body.id;
}

/** Removes a fault by id. */
export async function removeFault(node: { url: string; adminToken: string }, id: string): Promise<void> {
  const res = await request(`${node.url}/admin/faults/${id}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${node.adminToken}` },
  });
  await res.body.dump();
}

/** Requests per endpoint in a sample set. */
export function servedCounts(samples: readonly Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) out[s.servedBy ?? "none"] = (out[s.servedBy ?? "none"] ?? 0) + 1;
  return out;
}
