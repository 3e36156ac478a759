import { startNode, type RunningNode } from "@faultline/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttackPlayer, type AttackReport } from "./attack-player.js";
import { FakeClock } from "@faultline/core";
import { NodeAdmin } from "./node-admin.js";

let node: RunningNode;
beforeAll(async () => {
  node = await startNode({ name: "primary", profile: "zero", adminToken: "player-test-token" });
});
afterAll(() => node.close());

/** Waits (bounded) until `n` reports have arrived: the admin calls are real HTTP round trips. */
async function reportsOf(reports: AttackReport[], n: number): Promise<AttackReport[]> {
  for (let i = 0; i < 200 && reports.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  return reports;
}

describe("AttackPlayer", () => {
  it("injects each fault at its planned time with its TTL, reverts it at its end and verifies the revert", async () => {
    const clock = new FakeClock();
    const admin = new NodeAdmin(node.url, node.adminToken, "primary");
    const reports: AttackReport[] = [];
    const player = new AttackPlayer(
      clock,
      () => admin,
      (r) => reports.push(r)
    );
    player.start([
      {
        rowId: 1,
        ttlMs: 7000,
        attack: { id: "down", atMs: 1000, durationMs: 2000, target: "primary", fault: "disable", params: {} },
      },
    ]);

    clock.advance(999);
    await new Promise((r) => setTimeout(r, 20));
    expect(reports).toEqual([]);

    clock.advance(1);
    const [started] = await reportsOf(reports, 1);
    expect(started).toMatchObject({ type: "started", rowId: 1, firedMs: 1000 });
    const during = await admin.state();
    expect(during.faults.map((f) => f.kind)).toEqual(["disable"]);
    // The node holds the fault for the TTL (duration + margin), so it clears itself if the runner dies.
    expect((during.faults[0] as unknown as { expiresInMs: number }).expiresInMs).toBeGreaterThan(6000);

    clock.advance(2000);
    const all = await reportsOf(reports, 2);
    expect(all[1]).toMatchObject({ type: "reverted", rowId: 1, verified: true, error: null });
    expect((await admin.state()).faults).toEqual([]);
  });

  it("reverts on stop what is still active and never fires what has not come due", async () => {
    const clock = new FakeClock();
    const admin = new NodeAdmin(node.url, node.adminToken, "primary");
    const reports: AttackReport[] = [];
    const player = new AttackPlayer(
      clock,
      () => admin,
      (r) => reports.push(r)
    );
    player.start([
      {
        rowId: 1,
        ttlMs: 60_000,
        attack: { id: "long", atMs: 0, durationMs: 50_000, target: "primary", fault: "latency", params: { ms: 5 } },
      },
      {
        rowId: 2,
        ttlMs: 60_000,
        attack: { id: "later", atMs: 40_000, durationMs: 1000, target: "primary", fault: "disable", params: {} },
      },
    ]);
    await reportsOf(reports, 1);
    await player.stopAndRevertAll();
    clock.advance(45_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(reports.map((r) => [r.type, r.rowId])).toEqual([
      ["started", 1],
      ["reverted", 1],
    ]);
    expect((await admin.state()).faults).toEqual([]);
  });
});
