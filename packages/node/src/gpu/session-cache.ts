import { LRUCache } from "lru-cache";
import type { Clock } from "@faultline/core";

/** Bounds of a node's session cache. */
export interface SessionCacheLimits {
  /** Sessions held at most; the least recently used is evicted first. */
  readonly maxSessions: number;
  /** A session not seen for this long is dropped (its blocks reclaimed). */
  readonly ttlMs: number;
}

/**
 * The KV blocks a node still holds per conversation, as vLLM's automatic prefix caching keeps a conversation's
 * history between turns: after a turn, its prompt and answer are cached, and the next turn (that history plus a new
 * user message) pays prefill only for the new tokens. Keyed by the x-faultline-session header rather than by hashing
 * the text: a conversation only ever appends, so what a session held is a prefix of its next prompt. A failover
 * lands a conversation on a node that never saw it (a miss: the whole prompt again), and a crash loses it all.
 */
export class SessionCache {
  /** Lookups that found the session's history. */
  hits = 0;
  /** Lookups of a session the node did not hold (new, evicted, expired, or served elsewhere before). */
  misses = 0;
  private readonly held: LRUCache<string, number>;

  constructor(limits: SessionCacheLimits, clock: Clock) {
    this.held = new LRUCache<string, number>({
      max: limits.maxSessions,
      ttl: limits.ttlMs,
      // The engine's clock (a FakeClock in tests) judges age; 0 reads it on every lookup instead of caching it
      // for a real-time millisecond.
      perf: { now: () => clock.now() },
      ttlResolution: 0,
      updateAgeOnGet: true,
    });
  }

  /** Sessions held now (expired ones may count until they are next touched). */
  get size(): number {
    return this.held.size;
  }

  /** Tokens of this prompt the node holds for the session; 0 on a miss. At least one token is always computed. */
  lookup(session: string, promptTokens: number): number {
    const tokens = this.held.get(session);
    if (tokens === undefined) {
      this.misses++;
      return 0;
    }
    this.hits++;
    return Math.max(0, Math.min(tokens, promptTokens - 1));
  }

  /**
   * The session's history now fills `tokens` (its prompt and what was generated of the answer). A shorter one (a
   * turn cut early and asked again) leaves the longer history cached: its blocks stay until evicted.
   */
  remember(session: string, tokens: number): void {
    const before = this.held.get(session, { updateAgeOnGet: false });
    this.held.set(session, before === undefined ? tokens : Math.max(before, tokens));
  }
}
