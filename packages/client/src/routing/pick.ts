import { jurisdictionAllows, tierAllows } from "@faultline/contracts";
import type { ClientOptions } from "../defaults.js";
import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../request-context.js";
import { pickWithinResidency, type ResidencyOutcome } from "./residency-filter.js";
import { atOrAboveMinTier } from "./tier-filter.js";

/** The endpoint for the next attempt, or why there is none, and what the request's residency did to it. */
export type Pick = (
  | { endpoint: Endpoint; cooldownUntil?: undefined }
  /** `full`: an endpoint was left out only because it holds all the attempts its concurrency limit allows. */
  | { endpoint: null; cooldownUntil: number | null; full?: boolean }
) & { residency?: ResidencyOutcome };

/**
 * Picks the next endpoint from the router's order. Untried endpoints come
 * first; an endpoint already tried is reused only when nothing else is left.
 * Endpoints cooling down after a 429 and endpoints whose breaker is open are
 * never sent to (never hammer); an endpoint that only the health checker
 * doubts is a last resort, since a stale check is better than no answer.
 */
export function pickEndpoint(
  ctx: RequestContext,
  order: readonly Endpoint[],
  now: number,
  options: ClientOptions
): Pick {
  // The one place the request's own constraints are wired in: every pick (route, retry, hedge, panic) passes here.
  if (ctx.onlyEndpoint !== null) return pickOwner(ctx, order, now);
  if (ctx.residency === null && ctx.minTier === null) return pickAny(ctx, order, now, options);
  const allowed = atOrAboveMinTier(ctx, order);
  return ctx.residency === null
    ? pickAny(ctx, allowed, now, options)
    : pickWithinResidency(ctx, allowed, now, options, pickAny);
}

/**
 * A turn of a stored conversation goes only to the endpoint that holds it, while that endpoint is available (healthy,
 * breaker closed, not cooling down after a 429, within the request's residency and tier), and once: a blip still gets
 * its one retry in place (same-endpoint.ts sets that attempt's endpoint without a pick), but a refused connection or
 * a timeout is not retried with backoff. Otherwise there is no endpoint, at once, and the caller sends the transcript
 * elsewhere: three backed-off attempts on a dead owner cost about 90 ms before the transcript went on.
 */
function pickOwner(ctx: RequestContext, order: readonly Endpoint[], now: number): Pick {
  const e = order.find((x) => x.name === ctx.onlyEndpoint);
  const allowed =
    e !== undefined && jurisdictionAllows(e.jurisdiction, ctx.residency) && tierAllows(e.tier, ctx.minTier);
  return allowed && !ctx.tried.has(e) && e.isAvailable(now) ? { endpoint: e } : { endpoint: null, cooldownUntil: null };
}

/** The pick among the endpoints given, by the rules above. */
function pickAny(ctx: RequestContext, order: readonly Endpoint[], now: number, options: ClientOptions): Pick {
  const resume = ctx.owner !== null;
  let tried: Endpoint | null = null,
    doubted: Endpoint | null = null,
    cooldownUntil: number | null = null,
    full = false;
  for (const e of order) {
    if (ctx.minContextTokens > 0 && e.maxContextTokens < ctx.minContextTokens) continue;
    if (resume && !e.supportsPrefill) continue;
    if (now < e.cooldownUntil) {
      cooldownUntil = Math.min(cooldownUntil ?? Infinity, e.cooldownUntil);
      continue;
    }
    if (options.breaker && !e.breaker.wouldPass()) continue;
    // Shedding is for new work: a resume finishes an answer the caller already holds part of, and
    // refusing it turns a half-delivered success into a failure (the cut streams of a failover all
    // resume on the backup at once, which is exactly when its limit is cut).
    if (!resume && isFull(e, options)) {
      full = true;
      continue;
    }
    if (ctx.tried.has(e)) {
      tried ??= e;
      continue;
    }
    if (!e.healthy) {
      doubted ??= e;
      continue;
    }
    return { endpoint: e };
  }
  const fallback = doubted ?? tried ?? (cooldownUntil === null ? panicPick(ctx, order, resume, options) : null);
  return fallback ? { endpoint: fallback } : { endpoint: null, cooldownUntil, full };
}

/** Holds as many attempts as its adaptive concurrency limit allows: sending more would only queue there. */
function isFull(e: Endpoint, options: ClientOptions): boolean {
  return options.adaptiveConcurrency && !e.concurrency.admits();
}

/**
 * Envoy's panic mode: when every breaker is open (typically all endpoints are
 * merely overloaded), failing every request fast helps nobody; send to the
 * endpoint whose breaker reopens first instead.
 */
function panicPick(
  ctx: RequestContext,
  order: readonly Endpoint[],
  resume: boolean,
  options: ClientOptions
): Endpoint | null {
  if (!options.breaker) return null;
  let best: Endpoint | null = null;
  for (const e of order) {
    if (
      ctx.tried.has(e) ||
      (ctx.minContextTokens > 0 && e.maxContextTokens < ctx.minContextTokens) ||
      (resume && !e.supportsPrefill) ||
      isFull(e, options)
    )
      continue;
    if (!best || e.breaker.openUntil < best.breaker.openUntil) best = e;
  }
  return best;
}
