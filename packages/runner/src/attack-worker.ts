import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { systemClock, type Clock } from "@faultline/core";
import { AttackPlayer, type PlannedAttack } from "./attack-player.js";
import { NodeAdmin } from "./node-admin.js";

/** What the main thread hands the attack worker when it starts it, before the pass clock exists. */
export interface AttackWorkerData {
  nodes: Array<{ name: string; adminUrl: string; adminToken: string }>;
}

/** The plan, sent once the pass clock has started. */
export interface AttackPlayMessage {
  type: "play";
  /** The pass clock's origin as an epoch time (performance.timeOrigin + origin), shared across threads. */
  originEpochMs: number;
  plan: PlannedAttack[];
}

// Worker entry: a quiet event loop of its own, so attacks fire on time whatever the main thread does. It loads,
// says it is ready, then waits for the plan: loading takes long on a busy machine, and must not eat into the pass.
const data = workerData as AttackWorkerData;
const admins = new Map(data.nodes.map((n) => [n.name, new NodeAdmin(n.adminUrl, n.adminToken, n.name)]));
let player: AttackPlayer | null = null;
parentPort!.on("message", (m: AttackPlayMessage | { type: "stop" }) => {
  if (m.type === "play") {
    const offset = performance.timeOrigin - m.originEpochMs;
    const clock: Clock = { ...systemClock, now: () => performance.now() + offset };
    player = new AttackPlayer(
      clock,
      (name) => admins.get(name)!,
      (r) => parentPort!.postMessage(r)
    );
    player.start(m.plan);
  } else if (m.type === "stop") {
    void (player?.stopAndRevertAll() ?? Promise.resolve()).then(() => parentPort!.postMessage({ type: "stopped" }));
  }
});
parentPort!.postMessage({ type: "ready" });
