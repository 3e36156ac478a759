import { startNode, type RunningNode } from "@faultline/node";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadSpec } from "@faultline/scenario";
import { ConnectionHandOff } from "@faultline/client";
import { FakeClock } from "@faultline/core";
import { warmUp } from "./warm-up.js";
import { RUNNER_DEFAULTS } from "./defaults.js";

let primary: RunningNode;
let backup: RunningNode;
beforeAll(async () => {
  primary = await startNode({ name: "primary", profile: "zero" });
  backup = await startNode({ name: "backup", profile: "zero" });
});
afterAll(async () => {
  await primary.close();
  await backup.close();
});

/** Requests a node finished, from its own /metrics. */
async function served(node: RunningNode): Promise<number> {
  const text = await (await request(`${node.url}/metrics`)).body.text();
  // One sample per finished_reason, as vLLM labels it: the node's total is their sum.
  const samples = [...text.matchAll(/^vllm:request_success_total(?:\{[^}]*\})? (\d+)/gm)];
  return samples.length ? samples.reduce((sum, m) => sum + Number(m[1]), 0) : NaN;
}

const load: LoadSpec = {
  rate: 200,
  rateEnd: 200,
  arrival: "uniform",
  stream: 0,
  promptTokens: { min: 8, max: 8 },
  maxTokens: { min: 4, max: 4 },
  timeoutMs: 5000,
};

describe("warmUp", () => {
  it("sends the starting rate through the pass's strategy and a smaller stream to the standby too", async () => {
    const before = { primary: await served(primary), backup: await served(backup) };
    // The warm-up and its clients run on a fake clock, moved 5 ms at a time, with a real pause between steps for
    // the sockets; the fake time at which the warm-up returns is its length on its own clock.
    const clock = new FakeClock();
    let done = false;
    const warming = warmUp(
      {
        strategy: "active-passive",
        endpoints: [
          { name: "primary", url: `${primary.url}/v1` },
          { name: "backup", url: `${backup.url}/v1` },
        ],
      },
      load,
      500,
      7,
      new ConnectionHandOff(),
      undefined,
      clock
    ).finally(() => (done = true));
    while (!done) {
      await new Promise((r) => setTimeout(r, 1));
      if (!done) clock.advance(5);
    }
    await warming;
    // Paced over its duration, not sent in one burst (the first version compared a schedule that
    // starts at 0 with the process clock, and fired every warm-up request at once). Its last arrival
    // is one interval before the end (495 ms at 200 req/s), and it returns once that one is answered.
    expect(clock.now()).toBeGreaterThanOrEqual(500 - 1000 / load.rate);
    const primaryServed = (await served(primary)) - before.primary;
    const backupServed = (await served(backup)) - before.backup;
    // 500 ms through active-passive (all to the primary): 250 ms ramping up from a tenth of
    // 200 req/s, then 250 ms at 200 req/s (about 77 requests, against 100 flat), plus a quarter of
    // that to each endpoint on its own: the standby's process and pool are warm at a failover.
    // The hand-off rehearsal beside it sends each endpoint 2 more.
    const { warmUpRampFromShare: from, warmUpStandbyRateShare: share } = RUNNER_DEFAULTS;
    const main = (200 * 0.25 * (from + 1)) / 2 + 200 * 0.25;
    // (At 5-50 req/s the ramp's arrivals are few and coarse, hence the loose lower bounds.)
    expect(primaryServed).toBeGreaterThanOrEqual(Math.floor(0.8 * main * (1 + share)));
    expect(primaryServed).toBeLessThan(100 * (1 + share));
    expect(backupServed).toBeGreaterThanOrEqual(Math.floor(0.6 * main * share));
    expect(backupServed).toBeLessThan(primaryServed / 2);
  });
});
