import { tierAllows } from "@faultline/contracts";
import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../request-context.js";

/**
 * The endpoints a request with a `minTier` may be served by: none below it, on any attempt. Strict, unlike residency:
 * there is no fail-open, since a request that must never get a smaller model's answer has said so. With nothing left
 * the request ends `no_endpoint`, and the ledger's `tier` filter shows what was set aside.
 */
export function atOrAboveMinTier(ctx: RequestContext, order: readonly Endpoint[]): readonly Endpoint[] {
  return ctx.minTier === null ? order : order.filter((e) => tierAllows(e.tier, ctx.minTier));
}
