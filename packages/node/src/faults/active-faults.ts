import { systemClock, type Clock, type Timer } from "@faultline/core";
import type { Admission, FaultEffect, FaultHost, RequestFacts, StreamShape } from "./fault-kind.js";
import type { FaultSpec } from "./fault-spec.js";
import { FAULT_KINDS } from "./registry.js";
import { FAULT_LIMITS } from "./fault-limits.js";
import { NodeErrorCodes, nodeError } from "../errors.js";

/** One fault currently applied to a node. */
interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  readonly effect: FaultEffect;
  readonly expiresAt: number;
  readonly timer: Timer;
}

/** The verdict of every active fault on one request. */
export interface Decision {
  /** Total added delay before the first byte. */
  readonly delayMs: number;
  /** The first terminal verdict (respond, hang, zombie, reset), if any. */
  readonly verdict: Exclude<Admission, { type: "delay" }> | undefined;
}

const NO_DECISION: Decision = Object.freeze({ delayMs: 0, verdict: undefined });

/**
 * The node's applied faults. This wrapper owns what every fault shares:
 * the TTL (a node never stays broken if whoever injected the fault dies),
 * the per-request probability roll, request matching, and the
 * applied/reverted events. Kinds only say what they do.
 */
export class ActiveFaults {
  private readonly faults = new Map<string, ActiveFault>();
  private list: ActiveFault[] = [];
  private nextId = 1;

  constructor(
    private readonly host: FaultHost,
    private readonly emit: (kind: string, detail: Record<string, unknown>) => void,
    /** Times the TTLs: the system clock in a node, a FakeClock in tests. */
    private readonly clock: Clock = systemClock
  ) {}

  /** Applies a validated fault; returns its id. Throws FAULTLINE_NODE_TOO_MANY_FAULTS at FAULT_LIMITS.maxActive. */
  add(spec: FaultSpec): string {
    if (this.faults.size >= FAULT_LIMITS.maxActive) {
      throw nodeError(
        NodeErrorCodes.TOO_MANY_FAULTS,
        `faults: ${FAULT_LIMITS.maxActive} are already active; delete one, or POST /admin/reset`,
        "kind"
      );
    }
    const kind = FAULT_KINDS.get(spec.kind)!;
    const id = `f${this.nextId++}`;
    const ttl = spec.durationMs ?? kind.defaultDurationMs?.(spec.params) ?? FAULT_LIMITS.defaultTtlMs;
    // `kind` and `fault` both name the fault kind: the runner keys on `kind`, the attacks table calls it `fault`.
    const detail: Record<string, unknown> = {
      id,
      kind: spec.kind,
      fault: spec.kind,
      params: spec.params,
      durationMs: ttl,
    };
    if (spec.probability !== undefined) detail.probability = spec.probability;
    if (spec.match !== undefined) detail.match = spec.match;
    if (spec.kind === "crash") detail.restartDelayMs = (spec.params.restartDelayMs as number | undefined) ?? 3000;
    // Emit before applying: a crash ends the process inside apply().
    this.emit("fault_applied", detail);
    const effect = kind.apply(spec.params, this.host);
    const timer = this.clock.setTimeout(() => this.remove(id, "expired"), ttl);
    // A TTL alone must not keep a node's process alive.
    if (typeof timer === "object") timer.unref?.();
    const fault = { id, spec, effect, expiresAt: this.clock.now() + ttl, timer };
    this.faults.set(id, fault);
    this.list = [...this.faults.values()];
    return id;
  }

  /** Reverts one fault; false when the id is unknown. */
  remove(id: string, reason: "deleted" | "expired" | "reset" | "enable" | "replaced"): boolean {
    const fault = this.faults.get(id);
    if (!fault) return false;
    this.faults.delete(id);
    this.list = [...this.faults.values()];
    this.clock.clearTimeout(fault.timer);
    fault.effect.revert?.();
    this.emit("fault_reverted", { id, kind: fault.spec.kind, fault: fault.spec.kind, reason });
    return true;
  }

  /** Reverts every fault of a kind (the paper's /admin/enable and latency {ms:0}); returns how many. */
  removeKind(kind: string, reason: "enable" | "replaced"): number {
    let n = 0;
    for (const f of this.list) if (f.spec.kind === kind && this.remove(f.id, reason)) n++;
    return n;
  }

  /** Reverts everything. */
  clear(reason: "reset" = "reset"): void {
    for (const f of this.list) this.remove(f.id, reason);
  }

  /** True when no fault is active (the hot path's early exit). */
  get empty(): boolean {
    return this.list.length === 0;
  }

  /** The active faults for /admin/state. */
  describe(): { id: string; kind: string; params: Record<string, unknown>; expiresInMs: number }[] {
    const now = this.clock.now();
    return this.list.map((f) => ({
      id: f.id,
      kind: f.spec.kind,
      params: {
        ...f.spec.params,
        ...(f.spec.probability !== undefined ? { probability: f.spec.probability } : {}),
        ...(f.spec.match ? { match: f.spec.match } : {}),
      },
      expiresInMs: Math.max(0, f.expiresAt - now),
    }));
  }

  /** Liveness after faults: the last fault that says anything wins. */
  live(base: boolean): boolean {
    let v = base;
    for (const f of this.list) if (f.effect.live !== undefined) v = f.effect.live;
    return v;
  }

  /** Readiness after faults. */
  ready(base: boolean): boolean {
    let v = base;
    for (const f of this.list) if (f.effect.ready !== undefined) v = f.effect.ready;
    return v;
  }

  /** Runs every fault's admission hook on an arriving request. */
  decide(req: RequestFacts): Decision {
    if (this.list.length === 0) return NO_DECISION;
    let delayMs = 0;
    for (const f of this.list) {
      if (!f.effect.admit || !this.applies(f, req)) continue;
      const a = f.effect.admit(req);
      if (!a) continue;
      if (a.type === "delay") delayMs += a.ms;
      else return { delayMs, verdict: a };
    }
    return delayMs === 0 ? NO_DECISION : { delayMs, verdict: undefined };
  }

  /** Collects every fault's stream shaping for an admitted request; undefined when untouched. */
  shape(req: RequestFacts): StreamShape | undefined {
    if (this.list.length === 0) return undefined;
    let shape: StreamShape | undefined;
    for (const f of this.list) {
      if (!f.effect.shape || !this.applies(f, req)) continue;
      shape ??= {};
      f.effect.shape(req, shape);
    }
    return shape;
  }

  private applies(f: ActiveFault, req: RequestFacts): boolean {
    const m = f.spec.match;
    if (m && ((m.model !== undefined && m.model !== req.model) || (m.stream !== undefined && m.stream !== req.stream)))
      return false;
    const p = f.spec.probability;
    return p === undefined || p >= 1 || this.host.rng.next() < p;
  }
}
