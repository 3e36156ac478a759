import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Clock } from "@faultline/core";

/** One answer the cache holds: a whole chat completion, as an endpoint gave it. */
export interface CachedAnswer {
  /** The completion's JSON text (a streamed answer is stored in this non-streamed form). */
  readonly bodyText: string;
  /** The answer's text, for replaying it as a stream. */
  readonly content: string;
  /** The endpoint that produced it. */
  readonly endpoint: string;
  /** Client clock time it was stored. */
  readonly storedAt: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** A cached answer as served: the entry and its age. */
export interface CacheHit {
  readonly answer: CachedAnswer;
  readonly ageMs: number;
}

// Fields that do not change what the model answers: how the answer is delivered (stream, stream_options), who asked
// (user, metadata) and whether the provider keeps it (store). Every other field, known or not, is part of the key, so a
// parameter this list does not know can only cause a miss, never a wrong answer.
const DELIVERY_ONLY = new Set(["stream", "stream_options", "user", "metadata", "store"]);

/** Key order does not change a request; canonical form sorts object keys at every depth. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = canonical((value as Record<string, unknown>)[k]);
  return out;
}

/**
 * The cache key of a request: SHA-256 of its canonical JSON without the delivery-only fields, and of the residency it
 * must stay in (an answer produced for one jurisdiction is not served to a request bound to another).
 */
export function answerKey(body: Record<string, unknown>, residency: string | null): string {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!DELIVERY_ONLY.has(k)) kept[k] = v;
  return createHash("sha256")
    .update(JSON.stringify([residency, canonical(kept)]))
    .digest("base64url");
}

/**
 * The minimal tier's store: the last `size` successful answers by normalised request, bounded by count
 * (lru-cache evicts the least recently used). An answer older than `maxStaleMs` is never served, as HTTP's
 * stale-if-error allows a stale response only within its window; such an entry is dropped when found.
 */
export class AnswerCache {
  private readonly entries: LRUCache<string, CachedAnswer>;

  constructor(
    size: number,
    private readonly maxStaleMs: number,
    private readonly clock: Clock
  ) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new RangeError(`answer cache size must be an integer >= 1, got ${size}`);
    this.entries = new LRUCache({ max: size });
  }

  /** How many answers it holds. */
  get size(): number {
    return this.entries.size;
  }

  /** Stores (or refreshes) the answer to a request. */
  store(key: string, answer: Omit<CachedAnswer, "storedAt">): void {
    this.entries.set(key, { ...answer, storedAt: this.clock.now() });
  }

  /** The answer to a request if one is held and no older than the staleness bound. */
  lookup(key: string): CacheHit | null {
    const answer = this.entries.get(key);
    if (answer === undefined) return null;
    const ageMs = this.clock.now() - answer.storedAt;
    if (ageMs > this.maxStaleMs) {
      this.entries.delete(key);
      return null;
    }
    return { answer, ageMs };
  }
}
