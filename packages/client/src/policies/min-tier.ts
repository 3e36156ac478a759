import type { Endpoint } from "../endpoint.js";
import { tierLeftOut } from "../routing/tier-filter.js";
import type { Policy } from "./policy.js";

/**
 * Names a `minTier` refusal. The filter itself is routing/tier-filter.ts (every pick passes it); this policy relabels
 * a request that failed while endpoints below its `minTier` stood unused: its class becomes `min_tier`, its message
 * keeps the last error and names them, so a kept promise ("never a smaller model's answer") is not read as an outage
 * (it used to end `no_endpoint`). Not for a caller's own 4xx, a residency refusal, or once part of a stream went out.
 */
export function minTierPolicy(endpoints: readonly Endpoint[]): Policy {
  // With every endpoint at full no minTier sets one aside: not even a wrapper on the request path.
  if (endpoints.every((e) => e.tier === "full")) return (next) => next;
  return (next) => async (ctx, attempt) => {
    const r = await next(ctx, attempt);
    if (r.ok || ctx.minTier === null || ctx.owner !== null) return r;
    if (r.errorClass === "http_4xx" || r.errorClass === "residency" || r.errorClass === "min_tier") return r;
    const leftOut = tierLeftOut(ctx, endpoints);
    if (leftOut.length === 0) return r;
    return {
      ...r,
      errorClass: "min_tier",
      error:
        `no endpoint at or above tier "${ctx.minTier}" could answer (last: ${r.errorClass}: ${r.error}); ` +
        `${leftOut.join(", ")} (below it) was not tried`,
    };
  };
}
