import type { Clock } from "@faultline/core";

/** Waiting over this many times what the endpoint's best answers took means its answers are queueing... */
const QUEUEING_FACTOR = 2;
/**
 * ...and a queue matters once a wait reaches this share of the attempt's timeout: past it, what is admitted next
 * is about to time out there. Below it a burst that queues briefly (200 requests at once) is served, not shed.
 */
const TIMEOUT_SHARE = 1 / 4;
/** A queue seen cuts the limit to this share of what the endpoint holds (TCP's multiplicative decrease). */
const DECREASE = 0.75;
/** One cut per interval: one queue is seen by many attempts at once and is one signal. */
const CUT_INTERVAL_MS = 200;
/** Never below this: an endpoint always gets some traffic to show it recovered. */
const MIN_LIMIT = 2;
/** The best latency forgets a little with each sample, so an endpoint that became slower for good is relearned. */
const BEST_DRIFT = 1.01;

/** One attempt out at the endpoint, as the limit watches it. */
export interface Outstanding {
  readonly sentAt: number;
  readonly stream: boolean;
  /** The tokens it may generate (max_tokens): a whole answer's latency is per token. */
  readonly maxTokens: number;
  readonly timeoutMs: number;
  /**
   * True once a stream's tokens are flowing to the caller: from then on its time out is the
   * answer's length, not a wait in the endpoint's queue (a long answer is not a queue).
   */
  readonly answering?: () => boolean;
}

/**
 * How many attempts one endpoint may hold at once (Envoy's adaptive concurrency filter, Netflix's
 * concurrency-limits, in their simplest AIMD form, with CoDel's signal: how long the oldest waits now, not how long
 * the last answer took, which arrives a whole queue late). Unlimited until a queue threatens the timeout: the
 * oldest attempt out, or an answer, waited over twice what the endpoint's best answers took and over a quarter of
 * the attempt's timeout. Then the limit drops to three quarters of what it holds, and each answer that comes back
 * without that adds 1/limit (TCP's congestion avoidance). A stream's latency is its time to first token; a whole
 * answer's is per token, so long and short answers compare.
 */
export class ConcurrencyLimit {
  /** Attempts the endpoint may hold at once. */
  limit = Infinity;
  private readonly best = { stream: Infinity, whole: Infinity };
  private lastCut = -Infinity;
  /** The attempts out. */
  private readonly out = new Set<Outstanding>();
  /**
   * The attempts out that were not yet seen answering, oldest first (a Set keeps insertion order). A stream that
   * answers answers until it ends, so it leaves this set the first time admits() sees it answering: with 5,000
   * streams answering, walking all of them on every pick made each new request cost O(streams held) (issue 23).
   */
  private readonly waiting = new Set<Outstanding>();

  constructor(private readonly clock: Clock) {}

  /** Whether one more attempt may go out now: cuts the limit first if the oldest attempt out is queueing. */
  admits(): boolean {
    // The oldest attempt still waiting for its first token: streams already answering are skipped.
    const now = this.clock.now();
    for (const a of this.waiting) {
      if (a.answering?.()) {
        this.waiting.delete(a);
        continue;
      }
      if (this.queued(a, now - a.sentAt)) this.cut();
      break;
    }
    return this.out.size < this.limit;
  }

  /**
   * Watches an attempt from when it is sent; call the returned function when it ends, with its latency and the
   * tokens it generated once answered (null when it failed: a failure says nothing of the queue).
   */
  sent(a: Outstanding): (answer: { latencyMs: number; completionTokens: number } | null) => void {
    this.out.add(a);
    this.waiting.add(a);
    return (answer) => {
      this.out.delete(a);
      this.waiting.delete(a);
      if (answer) this.answered(a, answer.latencyMs, answer.completionTokens);
    };
  }

  private answered(a: Outstanding, latencyMs: number, completionTokens: number): void {
    const kind = a.stream ? "stream" : "whole";
    // The best is per token generated; an attempt out is expected to take at most that for its max_tokens.
    const perToken = latencyMs / (a.stream ? 1 : completionTokens + 1);
    this.best[kind] = Math.min(perToken, this.best[kind] * BEST_DRIFT);
    if (this.queued(a, latencyMs)) this.cut();
    else if (this.limit !== Infinity) this.limit += 1 / this.limit;
  }

  private queued(a: Outstanding, waitedMs: number): boolean {
    const best = this.best[a.stream ? "stream" : "whole"] * this.per(a);
    return waitedMs > QUEUEING_FACTOR * best && waitedMs > TIMEOUT_SHARE * a.timeoutMs;
  }

  private per(a: Outstanding): number {
    return a.stream ? 1 : a.maxTokens + 1;
  }

  private cut(): void {
    const now = this.clock.now();
    if (now - this.lastCut < CUT_INTERVAL_MS) return;
    this.lastCut = now;
    this.limit = Math.max(MIN_LIMIT, Math.floor(Math.min(this.limit, this.out.size + 1) * DECREASE));
  }
}
