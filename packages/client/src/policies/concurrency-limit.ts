import type { Clock } from "@faultline/core";

/** Latency over this many times the endpoint's best means its answers are queueing. */
const QUEUEING_FACTOR = 2;
/** ...and by at least this much wait, so jitter on a fast endpoint is not read as a queue. */
const QUEUEING_MIN_EXTRA_MS = 100;
/** A queue seen cuts the limit to this share of what the endpoint holds (TCP's multiplicative decrease). */
const DECREASE = 0.75;
/** One cut per interval: the slow answers of one queue arrive together and are one signal. */
const CUT_INTERVAL_MS = 200;
/** Never below this: an endpoint always gets some traffic to show it recovered. */
const MIN_LIMIT = 2;
/** The best latency forgets a little with each sample, so an endpoint that became slower for good is relearned. */
const BEST_DRIFT = 1.01;

/**
 * How many attempts one endpoint may hold at once, learned from its latency (Envoy's adaptive concurrency filter,
 * Netflix's concurrency-limits, in their simplest AIMD form). Unlimited until a queue shows: latency over twice the
 * endpoint's own best. Then the limit drops to three quarters of what it holds, and each answer that comes back
 * without queueing adds one. A stream's latency is its time to first token; a whole answer's is per token, so long
 * and short answers compare.
 */
export class ConcurrencyLimit {
  /** Attempts the endpoint may hold at once. */
  limit = Infinity;
  private readonly best = { stream: Infinity, whole: Infinity };
  private lastCut = -Infinity;

  constructor(private readonly clock: Clock) {}

  /** Whether one more attempt may go out while `inflight` are out. */
  admits(inflight: number): boolean {
    return inflight < this.limit;
  }

  /** Learns from one answered attempt: its latency in ms, its tokens, and what the endpoint held when it came back. */
  onAnswer(latencyMs: number, stream: boolean, completionTokens: number, inflight: number): void {
    const kind = stream ? "stream" : "whole";
    const per = stream ? 1 : completionTokens + 1;
    const sample = latencyMs / per;
    const best = (this.best[kind] = Math.min(sample, this.best[kind] * BEST_DRIFT));
    const queued = sample > QUEUEING_FACTOR * best && (sample - best) * per > QUEUEING_MIN_EXTRA_MS;
    if (!queued) {
      if (this.limit !== Infinity) this.limit += 1;
      return;
    }
    const now = this.clock.now();
    if (now - this.lastCut < CUT_INTERVAL_MS) return;
    this.lastCut = now;
    this.limit = Math.max(MIN_LIMIT, Math.floor(Math.min(this.limit, inflight + 1) * DECREASE));
  }
}
