import type { Clock } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import { localFailure } from "../attempt.js";
import type { Router } from "../routing/router.js";
import { pickEndpoint, type Pick } from "../routing/pick.js";
import { refusalMessage } from "../routing/residency-filter.js";
import type { Emit } from "../endpoint.js";
import { explainPick } from "../routing/explain-pick.js";
import type { RoutingDecision } from "@faultline/contracts";
import type { Policy } from "./policy.js";
import type { SessionAffinity } from "../routing/affinity.js";

const NOT_SENT: Pick = Object.freeze({ endpoint: null, cooldownUntil: null });

/** Gives the attempt its endpoint, in the order the strategy's router prefers. */
export function routePolicy(
  router: Router,
  clock: Clock,
  options: ClientOptions,
  emit: Emit,
  onDecision?: (d: RoutingDecision) => void,
  affinity?: SessionAffinity
): Policy {
  return (next) => (ctx, attempt) => {
    if (attempt.endpoint === null) {
      const now = clock.now();
      const routed = router.order(now);
      const order = affinity ? affinity.order(ctx.affinityKey, routed, router.active, now) : routed;
      const pick = pickEndpoint(ctx, order, now, options);
      if (onDecision) {
        // A hedge never goes where this request already went: then nothing is sent, and the record says so.
        const sent = attempt.mustBeNew && pick.endpoint && ctx.tried.has(pick.endpoint) ? NOT_SENT : pick;
        onDecision(explainPick(ctx, order, now, options, sent, attempt.n, ctx.requestId));
      }
      if (pick.residency === "refused") return Promise.resolve(localFailure("residency", refusalMessage(ctx, order)));
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
      if (pick.residency === "fail_open")
        emit("residency_fail_open", {
          endpoint: pick.endpoint.name,
          from: null,
          to: pick.endpoint.name,
          reason: `nothing in residency "${ctx.residency}" could take attempt ${attempt.n}; allowFailOpen sent it out`,
          detail: { residency: ctx.residency, attempt: attempt.n, jurisdiction: pick.endpoint.jurisdiction },
        });
    } else if (onDecision) {
      // The retry policy pinned this attempt to the endpoint that just failed (a transient 5xx, or a
      // short Retry-After waited out): a decision too, so the ledger holds a record for every attempt.
      const now = clock.now();
      const pinned: Pick = { endpoint: attempt.endpoint };
      onDecision({
        ...explainPick(ctx, router.order(now), now, options, pinned, attempt.n, ctx.requestId),
        reason: "the same endpoint again: a transient failure retried in place",
      });
    }
    return next(ctx, attempt);
  };
}
