import { tierAllows } from "@faultline/contracts";
import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../request-context.js";

/**
 * The endpoints a request with a `minTier` may be served by: none below it, on any attempt. Strict, unlike residency:
 * there is no fail-open, since a request that must never get a smaller model's answer has said so. With nothing left
 * the request ends `min_tier` (policies/min-tier.ts), and the ledger's `tier` filter shows what was set aside.
 */
export function atOrAboveMinTier(ctx: RequestContext, order: readonly Endpoint[]): readonly Endpoint[] {
  return ctx.minTier === null ? order : order.filter((e) => tierAllows(e.tier, ctx.minTier));
}

/** The names of the endpoints a request's `minTier` sets aside (none without one). */
export function tierLeftOut(ctx: RequestContext, endpoints: readonly Endpoint[]): string[] {
  if (ctx.minTier === null) return [];
  return endpoints.filter((e) => !tierAllows(e.tier, ctx.minTier)).map((e) => e.name);
}
