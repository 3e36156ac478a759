import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { systemClock, type Clock } from "@faultline/core";
import { AttackPlayer, type PlannedAttack } from "./attack-player.js";
import { NodeAdmin } from "./node-admin.js";

/** What the main thread hands the attack worker. */
export interface AttackWorkerData {
  /** The pass clock's origin as an epoch time (performance.timeOrigin + origin), shared across threads. */
  originEpochMs: number;
  nodes: Array<{ name: string; adminUrl: string; adminToken: string }>;
  plan: PlannedAttack[];
}

// Worker entry: a quiet event loop of its own, so attacks fire on time whatever the main thread does.
const data = workerData as AttackWorkerData;
const offset = performance.timeOrigin - data.originEpochMs;
const clock: Clock = { ...systemClock, now: () => performance.now() + offset };
const admins = new Map(data.nodes.map((n) => [n.name, new NodeAdmin(n.adminUrl, n.adminToken, n.name)]));
const player = new AttackPlayer(
  clock,
  (name) => admins.get(name)!,
  (r) => parentPort!.postMessage(r)
);
player.start(data.plan);
parentPort!.on("message", (m: { type: string }) => {
  if (m.type === "stop") void player.stopAndRevertAll().then(() => parentPort!.postMessage({ type: "stopped" }));
});
