import type { AttemptResult } from "../attempt.js";
import type { RequestContext } from "../request-context.js";

/**
 * Whether a result means that no full or degraded endpoint could serve the request, so the lower tiers (the answer
 * cache, then the retry queue) may take it. Not when the caller is gone, when part of a stream already reached the
 * caller (an answer must not be spliced from two sources), nor for the caller's own 4xx: no tier makes a bad request
 * good.
 */
export function nothingServed(ctx: RequestContext, r: AttemptResult): boolean {
  if (r.ok || ctx.owner !== null || ctx.callerGone) return false;
  return r.errorClass !== "http_4xx" && r.errorClass !== "cancelled" && r.errorClass !== "client";
}
