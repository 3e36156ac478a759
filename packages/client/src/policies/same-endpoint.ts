import type { ClientOptions } from "../defaults.js";
import type { AttemptResult } from "../attempt.js";
import type { RequestContext } from "../request-context.js";
import { fullJitterBackoff } from "./backoff.js";

/**
 * Statuses that say "try me again in a moment": a blip, not a dead endpoint. 501 and 505 will
 * answer the same way again; 529 means the provider as a whole is overloaded, so elsewhere is better.
 */
const TRANSIENT_5XX: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/**
 * When the next try should go to the endpoint that just failed, how long to wait first (ms);
 * null when it should go elsewhere. Once per endpoint and request:
 * - after a transient 5xx (the OpenAI and Anthropic SDKs retry these in place; the endpoint
 *   that holds the model, the prompt cache and the caller's quota is usually back at once), after
 *   a short full-jitter backoff; a second 5xx moves on;
 * - after a 429 whose Retry-After is at most `retryAfterWaitMaxMs`: waiting that out costs less
 *   than moving the caller to another provider, model or price.
 * Never mid-stream (a resume needs a prefill-capable endpoint), never past the deadline.
 */
export function sameEndpointWait(
  ctx: RequestContext,
  r: AttemptResult,
  now: number,
  options: ClientOptions,
  random: () => number
): number | null {
  const e = r.endpoint;
  if (e === null || ctx.owner !== null || ctx.tried.get(e) !== 1) return null;
  if (!e.healthy || (options.breaker && !e.breaker.wouldPass())) return null;
  let wait: number;
  if (options.retrySameEndpoint && r.errorClass === "http_5xx" && TRANSIENT_5XX.has(r.status ?? 0))
    wait = fullJitterBackoff(0, options.backoffBaseMs, options.backoffMaxMs, random);
  else if (
    r.errorClass === "http_429" &&
    r.retryAfterMs !== null &&
    options.retryAfterWaitMaxMs > 0 &&
    r.retryAfterMs <= options.retryAfterWaitMaxMs
  )
    wait = r.retryAfterMs;
  else return null;
  return now + wait < ctx.deadlineAt ? wait : null;
}
