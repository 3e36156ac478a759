import type { Clock } from "@faultline/core";
import type { EventLog } from "@faultline/eventlog";
import type { AttackSpec } from "@faultline/scenario";
import { RUNNER_DEFAULTS } from "./defaults.js";
import type { NodeAdmin } from "./node-admin.js";
import { atTime } from "./precise-timer.js";

interface ActiveFault {
  rowId: number;
  attack: AttackSpec;
  admin: NodeAdmin;
  faultId: string;
}

/** One line of the fault ledger: applied, reverted, verified. */
export interface LedgerEntry {
  attackId: string;
  target: string;
  fault: string;
  applied: boolean;
  reverted: boolean;
  verified: boolean;
  error: string | null;
}

/**
 * Plays the resolved timeline against the nodes' admin APIs. Every fault is
 * injected with a TTL (its duration plus a margin) so the node clears it even
 * if this process dies; every fault is reverted here at its end, at the end of
 * the pass, on Ctrl-C and on error, and each revert is checked against the
 * node's /admin/state.
 */
export class AttackScheduler {
  /** How late each attack fired, in ms after its planned time. */
  readonly lateness: number[] = [];
  readonly ledger: LedgerEntry[] = [];
  private readonly cancels: Array<() => void> = [];
  private readonly active = new Map<number, ActiveFault>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly attacks: readonly AttackSpec[],
    private readonly admins: ReadonlyMap<string, NodeAdmin>,
    private readonly clock: Clock,
    private readonly log: EventLog,
    private readonly pass: { id: number; strategy: string; durationMs: number },
  ) {}

  /** Records every planned attack and arms its timer. */
  start(): void {
    for (const attack of this.attacks) {
      const endMs = attack.durationMs === null ? null : attack.atMs + attack.durationMs;
      const rowId = this.log.planAttack({
        passId: this.pass.id, strategy: this.pass.strategy, attackId: attack.id, target: attack.target,
        fault: attack.fault, params: { ...attack.params }, plannedMs: attack.atMs, endMs,
      });
      this.cancels.push(atTime(this.clock, attack.atMs, RUNNER_DEFAULTS.attackWakeEarlyMs, (firedMs) => this.track(this.fire(rowId, attack, firedMs))));
    }
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async fire(rowId: number, attack: AttackSpec, firedMs: number): Promise<void> {
    this.lateness.push(firedMs - attack.atMs);
    const admin = this.admins.get(attack.target)!;
    const lastsMs = attack.durationMs ?? Math.max(0, this.pass.durationMs - attack.atMs);
    try {
      const faultId = await admin.inject(attack.fault, attack.params as Record<string, unknown>, lastsMs + RUNNER_DEFAULTS.faultTtlMarginMs);
      this.log.attackStarted(rowId, firedMs);
      this.active.set(rowId, { rowId, attack, admin, faultId });
      if (attack.durationMs !== null) {
        this.cancels.push(atTime(this.clock, attack.atMs + attack.durationMs, RUNNER_DEFAULTS.attackWakeEarlyMs, () => this.track(this.revert(rowId))));
      }
    } catch (err) {
      this.log.attackStarted(rowId, null, (err as Error).message);
      this.ledger.push({ attackId: attack.id, target: attack.target, fault: attack.fault, applied: false, reverted: false, verified: false, error: (err as Error).message });
    }
  }

  private async revert(rowId: number): Promise<void> {
    const f = this.active.get(rowId);
    if (!f) return;
    this.active.delete(rowId);
    let revertedMs: number | null = null;
    let verified = false;
    let error: string | null = null;
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
      verified = !state.faults.some((x) => x.id === f.faultId && x.kind === f.attack.fault);
      if (verified) { revertedMs ??= this.clock.now(); error = null; }
      else error = `fault ${f.faultId} still listed by /admin/state after revert`;
    } catch (err) {
      error = (err as Error).message;
    }
    this.log.attackReverted(rowId, revertedMs, verified, error);
    this.ledger.push({ attackId: f.attack.id, target: f.attack.target, fault: f.attack.fault, applied: true, reverted: revertedMs !== null, verified, error });
  }

  /** Attacks currently in effect, for the progress line. */
  activeAttacks(): string[] {
    return [...this.active.values()].map((f) => `${f.attack.fault}@${f.attack.target}`);
  }

  /** Cancels what has not fired and reverts everything still active. Safe to call more than once. */
  async stopAndRevertAll(): Promise<void> {
    for (const c of this.cancels.splice(0)) c();
    await Promise.allSettled([...this.pending]);
    await Promise.allSettled([...this.active.keys()].map((id) => this.revert(id)));
  }
}
