import type { Clock } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import { localFailure } from "../attempt.js";
import type { Router } from "../routing/router.js";
import { pickEndpoint } from "../routing/pick.js";
import type { Policy } from "./policy.js";

/** Gives the attempt its endpoint, in the order the strategy's router prefers. */
export function routePolicy(router: Router, clock: Clock, options: ClientOptions): Policy {
  return (next) => (ctx, attempt) => {
    if (attempt.endpoint === null) {
      const now = clock.now();
      const pick = pickEndpoint(ctx, router.order(now), now, options);
      if (pick.endpoint === null) {
        const r =
          pick.cooldownUntil !== null
            ? localFailure(
                "http_429",
                "every endpoint is rate limited; waiting out Retry-After instead of hammering",
                null,
                429
              )
            : localFailure(
                "no_endpoint",
                pick.full
                  ? "every endpoint holds all the requests it can take (adaptive concurrency limit): load shed"
                  : ctx.minContextTokens > 0
                    ? "no endpoint with a larger context window is configured"
                    : ctx.owner
                      ? "no endpoint that supports prefill to resume the stream"
                      : "no endpoint is available (breakers open)"
              );
        if (pick.cooldownUntil !== null) {
          r.disposition = "retry";
          r.retryAfterMs = pick.cooldownUntil - now;
        }
        return Promise.resolve(r);
      }
      if (attempt.mustBeNew && ctx.tried.has(pick.endpoint))
        return Promise.resolve(localFailure("no_endpoint", "no other endpoint to hedge to"));
      attempt.endpoint = pick.endpoint;
    }
    return next(ctx, attempt);
  };
}
