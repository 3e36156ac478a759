import type { Clock } from "@faultline/core";
import type { AttackSpec } from "@faultline/scenario";
import { RUNNER_DEFAULTS } from "./defaults.js";
import type { NodeAdmin } from "./node-admin.js";
import { atTime } from "./precise-timer.js";

/** One attack as the player receives it: the spec plus its row in events.db and its TTL. */
export interface PlannedAttack {
  rowId: number;
  attack: AttackSpec;
  /** Duration plus margin, given to the node so the fault clears itself if we die. */
  ttlMs: number;
}

/** What the player reports; the main thread turns these into events.db rows and the ledger. */
export type AttackReport =
  | { type: "started"; rowId: number; firedMs: number; faultId: string }
  | { type: "failed"; rowId: number; firedMs: number; error: string }
  | { type: "reverted"; rowId: number; revertedMs: number | null; verified: boolean; error: string | null };

/**
 * Plays attacks against nodes' admin APIs at their planned times and reverts
 * each at its end, verifying the revert through /admin/state. It runs in a
 * worker thread (attack-worker.ts), so the load generator's work and the main
 * thread's GC pauses (15 ms and more at 1,000 req/s) cannot delay an attack.
 */
export class AttackPlayer {
  private readonly cancels: Array<() => void> = [];
  private readonly active = new Map<number, { planned: PlannedAttack; admin: NodeAdmin; faultId: string }>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly clock: Clock,
    private readonly adminFor: (node: string) => NodeAdmin,
    private readonly report: (r: AttackReport) => void
  ) {}

  /** Arms a timer for every attack. */
  start(plan: readonly PlannedAttack[]): void {
    for (const p of plan) {
      this.cancels.push(
        atTime(this.clock, p.attack.atMs, RUNNER_DEFAULTS.attackWakeEarlyMs, (firedMs) =>
          this.track(this.fire(p, firedMs))
        )
      );
    }
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async fire(p: PlannedAttack, firedMs: number): Promise<void> {
    const admin = this.adminFor(p.attack.target);
    try {
      const faultId = await admin.inject(p.attack.fault, p.attack.params as Record<string, unknown>, p.ttlMs);
      this.active.set(p.rowId, { planned: p, admin, faultId });
      this.report({ type: "started", rowId: p.rowId, firedMs, faultId });
      if (p.attack.durationMs !== null) {
        this.cancels.push(
          atTime(this.clock, p.attack.atMs + p.attack.durationMs, RUNNER_DEFAULTS.attackWakeEarlyMs, () =>
            this.track(this.revert(p.rowId))
          )
        );
      }
    } catch (err) {
      this.report({ type: "failed", rowId: p.rowId, firedMs, error: (err as Error).message });
    }
  }

  private async revert(rowId: number): Promise<void> {
    const f = this.active.get(rowId);
    if (!f) return;
    this.active.delete(rowId);
    let revertedMs: number | null = null;
    let error: string | null = null;
    let verified = false;
    try {
      await f.admin.revert(f.faultId);
      revertedMs = this.clock.now();
    } catch (err) {
      // A node that is down (a crash fault, a container restart) cannot take the DELETE; a
      // restarted process holds no faults, so wait for it to answer and verify instead.
      error = (err as Error).message;
    }
    try {
      const state = await f.admin.stateWhenUp(RUNNER_DEFAULTS.nodeStartTimeoutMs);
      verified = !state.faults.some((x) => x.id === f.faultId && x.kind === f.planned.attack.fault);
      if (verified) {
        revertedMs ??= this.clock.now();
        error = null;
      } else error = `fault ${f.faultId} still listed by /admin/state after revert`;
    } catch (err) {
      error = (err as Error).message;
    }
    this.report({ type: "reverted", rowId, revertedMs, verified, error });
  }

  /** Cancels what has not fired and reverts everything still active. Safe to call more than once. */
  async stopAndRevertAll(): Promise<void> {
    for (const c of this.cancels.splice(0)) c();
    await Promise.allSettled([...this.pending]);
    await Promise.allSettled([...this.active.keys()].map((id) => this.revert(id)));
  }
}
