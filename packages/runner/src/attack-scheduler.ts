import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { sleep, type Clock } from "@faultline/core";
import type { EventLog } from "@faultline/eventlog";
import type { AttackSpec } from "@faultline/scenario";
import type { AttackReport, PlannedAttack } from "./attack-player.js";
import type { AttackPlayMessage, AttackWorkerData } from "./attack-worker.js";
import { RUNNER_DEFAULTS } from "./defaults.js";
import type { MomentListener } from "./moments.js";

/** One line of the fault ledger: applied, reverted, verified. */
export interface LedgerEntry {
  attackId: string;
  target: string;
  fault: string;
  applied: boolean;
  reverted: boolean;
  verified: boolean;
  /**
   * Not injected because its target was down (a managed node restarting after a crash): chaos, not a runner failure.
   */
  skipped: boolean;
  error: string | null;
}

/** How to reach a node's admin API, and whether it is down right now (known only for nodes started here). */
export interface NodeAdminAddress {
  name: string;
  adminUrl: string;
  adminToken: string;
  isDown: () => boolean;
}

/**
 * Plays the resolved timeline: records every planned attack in events.db,
 * hands the plan to a worker thread that fires and reverts the faults (see
 * AttackPlayer), and writes what it reports. Every fault carries a TTL (its
 * duration plus a margin) so the node clears it even if this process dies.
 */
export class AttackScheduler {
  readonly ledger: LedgerEntry[] = [];
  private readonly byRow = new Map<number, AttackSpec>();
  private readonly active = new Set<number>();
  private worker: Worker | null = null;
  private clock: Clock | null = null;
  private readonly classifying = new Set<Promise<void>>();

  constructor(
    private readonly attacks: readonly AttackSpec[],
    private readonly nodes: readonly NodeAdminAddress[],
    private readonly log: EventLog,
    private readonly pass: { id: number; strategy: string; durationMs: number },
    private readonly onMoment: MomentListener = () => {}
  ) {}

  /**
   * Starts the worker and resolves once it has loaded, before the pass clock starts (the pass calls it beside its
   * warm-up). Started with the clock instead, a worker that loaded its modules on a busy machine fired the first
   * attacks seconds late, and some after the pass had ended.
   */
  load(): Promise<void> {
    if (this.attacks.length === 0) return Promise.resolve();
    const nodes = this.nodes.map(({ name, adminUrl, adminToken }) => ({ name, adminUrl, adminToken }));
    const workerData: AttackWorkerData = { nodes };
    const worker = new Worker(new URL("./attack-worker.js", import.meta.url), { workerData });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      worker.on("message", (r: AttackReport | { type: "ready" } | { type: "stopped" }) => {
        if (r.type === "ready") resolve();
        else if (r.type !== "stopped") this.onReport(r);
      });
      worker.once("error", reject);
      worker.once("exit", () => reject(new Error("the attack worker exited before it was ready")));
    });
  }

  /** Records every planned attack and hands the plan to the loaded worker, on the pass clock `clock`. */
  start(clock: Clock & { origin: number }): void {
    this.clock = clock;
    const plan: PlannedAttack[] = this.attacks.map((attack) => {
      const endMs = attack.durationMs === null ? null : attack.atMs + attack.durationMs;
      const rowId = this.log.planAttack({
        passId: this.pass.id,
        strategy: this.pass.strategy,
        attackId: attack.id,
        target: attack.target,
        fault: attack.fault,
        params: { ...attack.params },
        plannedMs: attack.atMs,
        endMs,
      });
      this.byRow.set(rowId, attack);
      const lastsMs = attack.durationMs ?? Math.max(0, this.pass.durationMs - attack.atMs);
      return { rowId, attack, ttlMs: lastsMs + RUNNER_DEFAULTS.faultTtlMarginMs };
    });
    const play: AttackPlayMessage = { type: "play", originEpochMs: performance.timeOrigin + clock.origin, plan };
    this.worker?.postMessage(play);
  }

  private onReport(r: AttackReport): void {
    const a = this.byRow.get(r.rowId)!;
    const entry = (applied: boolean, reverted: boolean, verified: boolean, error: string | null, skipped = false) =>
      this.ledger.push({
        attackId: a.id,
        target: a.target,
        fault: a.fault,
        applied,
        reverted,
        verified,
        skipped,
        error,
      });
    const moment = (
      kind: "fault-injected" | "fault-not-injected" | "fault-reverted",
      tMs: number,
      detail: string | null
    ) =>
      this.onMoment({ strategy: this.pass.strategy, kind, tMs, subject: `${a.fault}@${a.target} (${a.id})`, detail });
    if (r.type === "started") {
      this.log.attackStarted(r.rowId, r.firedMs);
      this.active.add(r.rowId);
      moment("fault-injected", r.firedMs, null);
    } else if (r.type === "failed") {
      const settled = this.targetWentDown(a.target).then((down) => {
        // A monkey that crashes a node and then aims at it while it restarts is chaos doing its job.
        const error = down
          ? `skipped: target node "${a.target}" was down (restarting) when the attack was due`
          : r.error;
        this.log.attackStarted(r.rowId, null, error);
        entry(false, false, false, error, down);
        moment("fault-not-injected", r.firedMs, error);
      });
      this.classifying.add(settled);
      void settled.finally(() => this.classifying.delete(settled));
    } else {
      this.active.delete(r.rowId);
      this.log.attackReverted(r.rowId, r.revertedMs, r.verified, r.error);
      entry(true, r.revertedMs !== null, r.verified, r.error);
      moment("fault-reverted", r.revertedMs ?? this.clock!.now(), r.verified ? "verified" : `NOT verified: ${r.error}`);
    }
  }

  /**
   * Whether a refused attack's target is down. The worker can see a refused
   * connection a few milliseconds before this thread hears that the node's
   * process exited, so a node that still looks ready gets a short while to
   * show its crash before the attack is called a failure.
   */
  private async targetWentDown(name: string): Promise<boolean> {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) return false;
    for (let waited = 0; waited <= RUNNER_DEFAULTS.crashSettleMs; waited += 25) {
      if (node.isDown()) return true;
      await sleep(25);
    }
    return false;
  }

  /** Attacks currently in effect, for the progress line. */
  activeAttacks(): string[] {
    return [...this.active].map((id) => {
      const a = this.byRow.get(id)!;
      return `${a.fault}@${a.target}`;
    });
  }

  /** Cancels what has not fired, reverts everything still active and stops the worker. Safe to call more than once. */
  async stopAndRevertAll(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    await new Promise<void>((resolve) => {
      w.on("message", (m: { type: string }) => {
        if (m.type === "stopped") resolve();
      });
      w.once("exit", () => resolve());
      w.postMessage({ type: "stop" });
    });
    await w.terminate();
    await Promise.allSettled([...this.classifying]);
  }
}
