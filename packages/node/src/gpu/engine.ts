import type { Profile } from "../profiles/profile.js";
import { systemClock, type Clock, type Random } from "@faultline/core";
import type { OpenAIErrorBody } from "@faultline/core";
import type { Sequence } from "./sequence.js";

/** Where the engine reports timings (the metrics module). */
export interface EngineObserver {
  firstToken(ttftMs: number): void;
  interToken(itlMs: number): void;
}

/** Below this many ms a step runs synchronously: setTimeout cannot wait less than 1 ms anyway. */
const SYNC_STEP_MS = 0.5;

/**
 * A simulated vLLM scheduler on one GPU: a bounded waiting queue, at most
 * maxBatch running sequences, and a KV-cache budget that grows by one token
 * per generated token. When the budget overflows, the newest running sequence
 * is preempted back to the head of the queue (vLLM's recompute preemption) and
 * pays its prefill again when it resumes.
 */
export class GpuEngine {
  /** Current limits; the capacity fault changes them at runtime. */
  readonly limits: { maxBatch: number; kvTokens: number };
  /** KV-cache tokens held by running sequences. */
  kvUsed = 0;
  /** Sequences preempted so far. */
  preemptions = 0;
  private readonly running = new Set<Sequence>();
  private readonly waiting: Sequence[] = [];
  private scheduling = false;

  constructor(
    private readonly profile: Profile,
    private readonly rng: Random,
    private readonly observer?: EngineObserver,
    /** Every wait and timestamp of the engine: the system clock in a node, a FakeClock in tests. */
    private readonly clock: Clock = systemClock
  ) {
    this.limits = { maxBatch: profile.maxBatch, kvTokens: profile.kvTokens };
  }

  /** Sequences currently decoding. */
  get runningCount(): number {
    return this.running.size;
  }
  /** Sequences waiting for a slot. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Queues a sequence; false when the waiting queue is full (the caller answers 429). */
  submit(seq: Sequence): boolean {
    seq.submittedAt = this.clock.now();
    this.waiting.push(seq);
    this.schedule();
    // Judge the queue after scheduling: a request that got a free slot never waited (maxQueue 0 still serves).
    // Only the newcomer is refused: preemption may have queued others meanwhile, at the head.
    if (this.waiting.length > this.profile.maxQueue && this.waiting[this.waiting.length - 1] === seq) {
      this.waiting.pop();
      seq.done = true;
      return false;
    }
    return true;
  }

  /** Removes a sequence wherever it is (client disconnected); frees its slot and KV. */
  abort(seq: Sequence): void {
    if (seq.done) return;
    this.retire(seq);
    this.schedule();
  }

  /** Fails every queued and running sequence (engine death, CUDA OOM). */
  failAll(status: number, body: OpenAIErrorBody): void {
    const victims = [...this.running, ...this.waiting];
    for (const seq of victims) this.retire(seq);
    for (const seq of victims) seq.sink.onFail(status, body);
  }

  /** Changes batch slots and/or KV budget; returns the undo. */
  setLimits(next: { maxBatch?: number; kvTokens?: number }): () => void {
    const before = { ...this.limits };
    if (next.maxBatch !== undefined) this.limits.maxBatch = next.maxBatch;
    if (next.kvTokens !== undefined) this.limits.kvTokens = next.kvTokens;
    return () => {
      Object.assign(this.limits, before);
      this.schedule();
    };
  }

  private retire(seq: Sequence): void {
    seq.done = true;
    if (seq.timer !== undefined) this.clock.clearTimeout(seq.timer);
    if (this.running.delete(seq)) this.kvUsed -= seq.promptTokens + seq.generated;
    else {
      const at = this.waiting.indexOf(seq);
      if (at >= 0) this.waiting.splice(at, 1);
    }
  }

  private schedule(): void {
    if (this.scheduling) return;
    this.scheduling = true;
    try {
      while (this.waiting.length > 0 && this.running.size < this.limits.maxBatch) {
        const next = this.waiting[0]!;
        const need = next.promptTokens + next.generated + 1;
        // An empty GPU always takes the head, or a prompt bigger than the budget would wedge the queue.
        if (this.kvUsed + need > this.limits.kvTokens && this.running.size > 0) break;
        this.waiting.shift();
        this.start(next);
      }
    } finally {
      this.scheduling = false;
    }
  }

  private start(seq: Sequence): void {
    this.running.add(seq);
    // The first time only: vLLM's queue time ends when a request is first scheduled, not when it resumes.
    if (seq.scheduledAt < 0) seq.scheduledAt = performance.now();
    this.kvUsed += seq.promptTokens + seq.generated;
    // A resumed (preempted) sequence recomputes its prompt and everything it generated.
    const prefillTokens = seq.generated > 0 ? seq.promptTokens + seq.generated : seq.uncachedTokens;
    const prefill = this.profile.ttftMs + prefillTokens * this.profile.prefillMsPerToken;
    seq.nextAt = this.clock.now() + prefill;
    this.waitThenStep(seq, prefill);
  }

  private waitThenStep(seq: Sequence, ms: number): void {
    if (ms < SYNC_STEP_MS) this.advance(seq);
    else seq.timer = this.clock.setTimeout(() => this.advance(seq), ms);
  }

  private advance(seq: Sequence): void {
    seq.timer = undefined;
    for (;;) {
      if (!this.step(seq)) return;
      seq.nextAt += this.interTokenMs(seq);
      // step() just read the clock into lastTokenAt; a second read per token is measurable at zero latency.
      const wait = seq.nextAt - seq.lastTokenAt;
      if (wait >= SYNC_STEP_MS) {
        seq.timer = this.clock.setTimeout(() => this.advance(seq), wait);
        return;
      }
    }
  }

  /** Produces one token; false when the sequence left the GPU. */
  private step(seq: Sequence): boolean {
    const now = this.clock.now();
    if (seq.firstTokenAt < 0) {
      seq.firstTokenAt = now;
      this.observer?.firstToken(now - seq.submittedAt);
    } else this.observer?.interToken(now - seq.lastTokenAt);
    seq.lastTokenAt = now;
    const index = seq.generated++;
    this.kvUsed++;
    if (!seq.sink.onToken(index)) {
      this.abort(seq);
      return false;
    }
    if (seq.done) return false;
    if (seq.generated >= seq.maxTokens) {
      this.retire(seq);
      seq.sink.onFinish(seq.finishReason);
      this.schedule();
      return false;
    }
    if (this.kvUsed > this.limits.kvTokens && this.running.size > 1) return this.preemptNewest(seq);
    return true;
  }

  private preemptNewest(current: Sequence): boolean {
    let newest: Sequence | undefined;
    for (const s of this.running) newest = s;
    const victim = newest!;
    if (victim.timer !== undefined) this.clock.clearTimeout(victim.timer);
    victim.timer = undefined;
    this.running.delete(victim);
    this.kvUsed -= victim.promptTokens + victim.generated;
    this.waiting.unshift(victim);
    this.preemptions++;
    return victim !== current;
  }

  private interTokenMs(seq: Sequence): number {
    const p = this.profile;
    if (p.itlMs === 0) return 0;
    const load = 1 + p.loadSlowdown * (this.running.size / this.limits.maxBatch);
    const jitter = p.itlJitter > 0 ? 1 + (this.rng.next() * 2 - 1) * p.itlJitter : 1;
    return p.itlMs * load * jitter * seq.itlFactor;
  }
}
