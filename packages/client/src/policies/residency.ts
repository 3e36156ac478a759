import type { ClientOptions } from "../defaults.js";
import type { Endpoint } from "../endpoint.js";
import { residencyLeftOut } from "../routing/residency-filter.js";
import type { Policy } from "./policy.js";

/**
 * Names the price of failing closed. The filter itself lives in routing/residency-filter.ts (every pick passes it);
 * this outermost policy only relabels a request that failed while endpoints outside its residency, which failing open
 * would have tried, stood unused: its class becomes `residency` and its message keeps the last error, so the caller
 * (and the report's "refused for residency" count) can tell a kept promise from an outage. Nothing is relabelled with
 * `allowFailOpen` on, for a caller's own 4xx, or once part of a stream went out.
 */
export function residencyPolicy(endpoints: readonly Endpoint[], options: ClientOptions): Policy {
  return (next) => async (ctx, attempt) => {
    const r = await next(ctx, attempt);
    if (r.ok || ctx.residency === null || options.allowFailOpen || ctx.owner !== null) return r;
    if (r.errorClass === "residency" || r.errorClass === "http_4xx") return r;
    const leftOut = residencyLeftOut(ctx, endpoints);
    if (leftOut.length === 0) return r;
    return {
      ...r,
      errorClass: "residency",
      error:
        `no endpoint in residency "${ctx.residency}" could answer ` +
        `(last: ${r.errorClass}: ${r.error}); failing closed, ` +
        `so ${leftOut.join(", ")} (outside it) was not tried (set allowFailOpen to let it out)`,
    };
  };
}
