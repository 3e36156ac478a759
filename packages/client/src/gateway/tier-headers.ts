import { CACHE_HEADER, QUEUED_HEADER, TIER_HEADER } from "@faultline/contracts";
import type { ChatOutcome, TierNote } from "../types.js";

/** The headers that say how an answer was served below the endpoints' own tiers: the tier, the cache hit, the wait. */
export function lowerTierHeaders(note: TierNote | undefined, out?: ChatOutcome): Record<string, string> {
  const h: Record<string, string> = {};
  if (note !== undefined) {
    h[TIER_HEADER] = note.tier;
    if (note.cacheAgeMs !== undefined && note.from !== undefined)
      h[CACHE_HEADER] = `hit; age=${Math.round(note.cacheAgeMs)}; from=${note.from}`;
  }
  if (out?.queue !== undefined) h[QUEUED_HEADER] = String(Math.round(out.queue.waitedMs));
  return h;
}

/** The note of an outcome served from the cache or answered with the maintenance message; undefined otherwise. */
export function noteOf(out: ChatOutcome): TierNote | undefined {
  if (out.tier === "minimal") return { tier: "minimal", cacheAgeMs: out.cacheAgeMs ?? 0, from: out.servedBy ?? "" };
  if (out.tier === "emergency") return { tier: "emergency" };
  return undefined;
}
