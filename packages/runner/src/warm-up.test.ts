import { startNode, type RunningNode } from "@faultline/node";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadSpec } from "@faultline/scenario";
import { warmUp } from "./warm-up.js";

let primary: RunningNode;
let backup: RunningNode;
beforeAll(async () => {
  primary = await startNode({ name: "primary", profile: "zero" });
  backup = await startNode({ name: "backup", profile: "zero" });
});
afterAll(async () => { await primary.close(); await backup.close(); });

/** Requests a node finished, from its own /metrics. */
async function served(node: RunningNode): Promise<number> {
  const text = await (await request(`${node.url}/metrics`)).body.text();
  return Number(/^vllm:request_success_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? NaN);
}

const load: LoadSpec = { rate: 200, rateEnd: 200, arrival: "uniform", stream: 0, promptTokens: { min: 8, max: 8 }, maxTokens: { min: 4, max: 4 }, timeoutMs: 5000 };

describe("warmUp", () => {
  it("sends the starting rate through the pass's strategy and a smaller stream to the standby too", async () => {
    const before = { primary: await served(primary), backup: await served(backup) };
    const started = performance.now();
    await warmUp({ strategy: "active-passive", endpoints: [{ name: "primary", url: `${primary.url}/v1` }, { name: "backup", url: `${backup.url}/v1` }] }, load, 500, 7);
    // Paced over its duration, not sent in one burst (the first version compared a schedule that
    // starts at 0 with the process clock, and fired every warm-up request at once).
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    const primaryServed = (await served(primary)) - before.primary;
    const backupServed = (await served(backup)) - before.backup;
    // 500 ms at 200 req/s through active-passive (all to the primary), plus a quarter of that
    // rate to each endpoint on its own: the standby's process and pool are warm at a failover.
    expect(primaryServed).toBeGreaterThanOrEqual(100 + 20);
    expect(backupServed).toBeGreaterThanOrEqual(20);
    expect(backupServed).toBeLessThan(primaryServed / 2);
  });
});
