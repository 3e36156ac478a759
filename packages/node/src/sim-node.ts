import { performance } from "node:perf_hooks";
import type { Profile } from "./profiles/profile.js";
import { GpuEngine } from "./gpu/engine.js";
import { PrefixCache } from "./gpu/prefix-cache.js";
import { ResponseStore } from "./responses/response-store.js";
import { SessionCache } from "./gpu/session-cache.js";
import { NODE_DEFAULTS } from "./node-options.js";
import { ActiveFaults } from "./faults/active-faults.js";
import type { FaultHost } from "./faults/fault-kind.js";
import { NodeMetrics } from "./metrics.js";
import { createRandom, systemClock, type Clock, type Random } from "@faultline/core";
import { startCpuLoad } from "./cpu/cpu-load.js";
import { AttemptLog, type AttemptSink } from "./attempt-log.js";
import type { Persona } from "./personas/persona.js";
import { openaiPersona } from "./personas/openai.js";

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
  /** The conversations behind this node's stored response ids (Responses API): lost when the node dies. */
  readonly responses = new ResponseStore();
  /** Each conversation's history the node still holds (x-faultline-session). */
  readonly sessions: SessionCache;
  readonly rng: Random;
  private readonly readyAt: number;
  /** The node-side record of every chat attempt; null when nobody asked for it. */
  readonly attempts: AttemptLog | null;
  /** Whose errors, headers and rate-limit behaviour the node imitates (set by startNode from `persona`). */
  persona: Persona = openaiPersona;
  /** Set by the server once it listens: what crash does. */
  onCrash: CrashHandler = () => undefined;

  constructor(
    readonly name: string,
    readonly profileName: string,
    readonly profile: Profile,
    readonly model: string,
    seed: number,
    private readonly onEvent: ((e: NodeEvent) => void) | undefined,
    onAttempts?: AttemptSink,
    /** Start-up, faults' TTLs, the engine's steps and latency faults all wait on it: a FakeClock in tests. */
    readonly clock: Clock = systemClock
  ) {
    this.attempts = onAttempts ? new AttemptLog(onAttempts) : null;
    this.sessions = new SessionCache(NODE_DEFAULTS.sessionCache, clock);
    this.rng = createRandom(seed);
    this.readyAt = clock.now() + profile.startupMs;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the host reads the persona startNode sets later
    const node = this;
    const host: FaultHost = {
      rng: this.rng,
      get persona() {
        return node.persona;
      },
      failInFlight: (status, body) => this.engine.failAll(status, body),
      setCapacity: (limits) => this.engine.setLimits(limits),
      startCpuLoad,
      // What the node logged before it dies is handed over; attempts still in flight die with it.
      crash: (delay) => {
        this.attempts?.flush();
        this.onCrash(delay);
      },
    };
    this.faults = new ActiveFaults(host, (kind, detail) => this.emit(kind, detail), clock);
    this.metrics = new NodeMetrics(model, this.faults, () => this.ready(), profile.maxContext);
    this.engine = new GpuEngine(profile, this.rng, this.metrics, clock);
    this.metrics.attach(this.engine, this.sessions);
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
    return this.faults.ready(this.clock.now() >= this.readyAt) && this.live();
  }
}
