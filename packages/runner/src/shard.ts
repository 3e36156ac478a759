import { FaultlineError, sleep } from "@faultline/core";
import type { EventLog } from "@faultline/eventlog";
import type { Scenario } from "@faultline/scenario";
import type { Arrivals } from "./arrivals.js";
import { RUNNER_DEFAULTS } from "./defaults.js";
import { RunnerErrorCodes } from "./errors.js";
import type { RequestFactory } from "./request-factory.js";

/** Which part of a run this process plays: shard `index` of `count`, from a shared wall-clock start. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
  /** Epoch milliseconds at which every shard starts its first pass. */
  readonly startAtMs: number;
}

const bad = (field: string, message: string) =>
  new FaultlineError(RunnerErrorCodes.SHARD_INVALID, `${field}: ${message}`, { field });

/** Parses `--shard <i>/<n>`: 0 <= i < n, both whole numbers. */
export function parseShardFlag(value: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!m) throw bad("--shard", `"${value}" is not <index>/<count> (use 0/3, 1/3, 2/3 for three shards)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw bad("--shard", `"${value}" has no shards (the count after / must be at least 1)`);
  if (index >= count)
    throw bad(
      "--shard",
      `"${value}": the index counts from 0, so it must be below ${count} (use 0/${count} to ${count - 1}/${count})`
    );
  return { index, count };
}

/**
 * Parses `--start-at` (an ISO time, or epoch milliseconds). A start more than the grace in the past
 * is refused: that shard would begin mid-way while the others are already in their pass.
 */
export function parseStartAt(value: string, nowMs = Date.now()): number {
  const ms = /^\s*\d+\s*$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw bad("--start-at", `"${value}" is not a time (use an ISO time such as 2026-01-01T12:00:00Z, or epoch ms)`);
  const late = nowMs - ms;
  if (late > RUNNER_DEFAULTS.shardStartGraceMs)
    throw bad(
      "--start-at",
      `${new Date(ms).toISOString()} is ${(late / 1000).toFixed(1)} s in the past (at most ` +
        `${RUNNER_DEFAULTS.shardStartGraceMs / 1000} s is allowed); give every shard a start time ahead of now`
    );
  return ms;
}

/**
 * A shard sends to nodes the other shards share, so each node must be external (a `url`): a node
 * each shard started for itself would see a third of the load, and only shard 0's would be attacked.
 */
export function checkShardable(scenario: Scenario): void {
  const own = scenario.nodes.filter((n) => !n.url).map((n) => n.name);
  if (own.length)
    throw bad(
      "--shard",
      `node(s) ${own.join(", ")} have no url: every shard must send to the same nodes, so give each node ` +
        `the url of a running node (faultline node, or a real server behind faultline proxy)`
    );
}

/**
 * The shard's part of the open-model schedule: arrival k is this shard's when k mod count equals its
 * index. The whole schedule (and every request draw) is still walked, so arrival k has the same time,
 * body and id as in a single run, and the shards' union is that run's schedule exactly.
 */
export class ShardArrivals implements Arrivals {
  lastIndex = -1;
  private next = 0;

  constructor(
    private readonly whole: Arrivals,
    private readonly factory: RequestFactory,
    private readonly shard: { index: number; count: number }
  ) {}

  private skipOthers(): void {
    while (this.next % this.shard.count !== this.shard.index && this.whole.peek() !== Infinity) {
      this.whole.take();
      this.factory.next(); // the request other shards send, drawn so ours match a single run's
      this.next++;
    }
  }

  /** The scheduled time of this shard's next arrival, or Infinity after the end. */
  peek(): number {
    this.skipOthers();
    return this.whole.peek();
  }

  /** Consumes this shard's next arrival. */
  take(): number {
    this.skipOthers();
    this.lastIndex = this.next++;
    return this.whole.take();
  }
}

/**
 * The timing of a sharded run: every shard starts pass j at the same wall-clock time, and records
 * how late its pass clock actually started (the start skew) in meta.
 */
export class ShardRun {
  private passOrdinal = 0;
  private plannedMs = 0;
  private readonly skews: Record<string, number> = {};

  constructor(
    readonly spec: ShardSpec,
    private readonly scenario: Scenario,
    private readonly log: EventLog,
    /** Each pass's drain (RunOptions.drainMs): every shard must be given the same, or their slots drift apart. */
    private readonly drainMs: number
  ) {
    log.setMeta("shard_index", String(spec.index));
    log.setMeta("shard_count", String(spec.count));
    log.setMeta("shard_start_at", new Date(spec.startAtMs).toISOString());
    log.setMeta("shard_start_skew_ms", "{}");
  }

  /** Shard 0 alone plays the attack timeline and resets the shared nodes; the others only send load. */
  get playsAttacks(): boolean {
    return this.spec.index === 0;
  }

  /** Wall-clock length of one pass's slot; see RUNNER_DEFAULTS.shardPassGapMs. */
  get slotMs(): number {
    const d = RUNNER_DEFAULTS;
    return this.scenario.durationMs + this.drainMs + d.warmUpMs + d.shardPassGapMs;
  }

  /** Waits until the next pass's shared start (returns at once when already past it). */
  async waitForPassStart(): Promise<void> {
    this.plannedMs = this.spec.startAtMs + this.passOrdinal++ * this.slotMs;
    // Sleep to just short of the start, then yield in short steps: a timer alone is often 1-2 ms late.
    const early = this.plannedMs - Date.now() - RUNNER_DEFAULTS.attackWakeEarlyMs;
    if (early > 0) await sleep(early);
    while (Date.now() < this.plannedMs) await new Promise((r) => setImmediate(r));
  }

  /** Records how late this pass's clock started against its planned start, in meta. */
  clockStarted(passId: number, epochMs = Date.now()): void {
    this.skews[String(passId)] = epochMs - this.plannedMs;
    this.log.setMeta("shard_start_skew_ms", JSON.stringify(this.skews));
  }
}
