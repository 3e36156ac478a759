import { performance } from "node:perf_hooks";
import type { Profile } from "./profiles/profile.js";
import { GpuEngine } from "./gpu/engine.js";
import { PrefixCache } from "./gpu/prefix-cache.js";
import { ActiveFaults } from "./faults/active-faults.js";
import type { FaultHost } from "./faults/fault-kind.js";
import { NodeMetrics } from "./metrics.js";
import { createRng, type Rng } from "./rng.js";
import { startCpuLoad } from "./cpu/cpu-load.js";
import { AttemptLog, type AttemptSink } from "./attempt-log.js";

/** A node's event, as the runner stores it in node_events. */
export interface NodeEvent {
  /** performance.timeOrigin + performance.now(): comparable across processes on one machine. */
  epochMs: number;
  node: string;
  /** admin | fault_applied | fault_reverted | started | exited | ... */
  kind: string;
  detail: Record<string, unknown>;
}

/** What the node does when the crash fault fires (exit the process, or drop the server in-process). */
export type CrashHandler = (restartDelayMs: number) => void;

/** Everything one simulated node owns, shared by its HTTP routes. */
export class SimNode {
  readonly engine: GpuEngine;
  readonly faults: ActiveFaults;
  readonly metrics: NodeMetrics;
  readonly prefixCache = new PrefixCache();
  readonly rng: Rng;
  private readonly readyAt: number;
  /** The node-side record of every chat attempt; null when nobody asked for it. */
  readonly attempts: AttemptLog | null;
  /** Set by the server once it listens: what crash does. */
  onCrash: CrashHandler = () => undefined;

  constructor(
    readonly name: string,
    readonly profileName: string,
    readonly profile: Profile,
    readonly model: string,
    seed: number,
    private readonly onEvent: ((e: NodeEvent) => void) | undefined,
    onAttempts?: AttemptSink
  ) {
    this.attempts = onAttempts ? new AttemptLog(onAttempts) : null;
    this.rng = createRng(seed);
    this.readyAt = performance.now() + profile.startupMs;
    const host: FaultHost = {
      rng: this.rng,
      failInFlight: (status, body) => this.engine.failAll(status, body),
      setCapacity: (limits) => this.engine.setLimits(limits),
      startCpuLoad,
      // What the node logged before it dies is handed over; attempts still in flight die with it.
      crash: (delay) => {
        this.attempts?.flush();
        this.onCrash(delay);
      },
    };
    this.faults = new ActiveFaults(host, (kind, detail) => this.emit(kind, detail));
    this.metrics = new NodeMetrics(model, this.faults, () => this.ready(), profile.maxContext);
    this.engine = new GpuEngine(profile, this.rng, this.metrics);
    this.metrics.attach(this.engine);
  }

  /** Emits a NodeEvent to the owner (the runner's child protocol, or a test). */
  emit(kind: string, detail: Record<string, unknown>): void {
    this.onEvent?.({ epochMs: performance.timeOrigin + performance.now(), node: this.name, kind, detail });
  }

  /** /health: the HTTP server and engine process are up. */
  live(): boolean {
    return this.faults.live(true);
  }

  /** /health/ready: loaded, live, and no fault says otherwise. */
  ready(): boolean {
    return this.faults.ready(performance.now() >= this.readyAt) && this.live();
  }
}
