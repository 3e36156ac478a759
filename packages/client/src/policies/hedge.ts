import type { Clock, Timer } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { Attempt, AttemptResult } from "../attempt.js";
import type { Emit } from "../endpoint.js";
import type { RetryBudget } from "./budget.js";
import { newAttempt, type Policy } from "./policy.js";

/**
 * Hedged requests: when the first attempt has no first byte after a delay
 * (fixed, or the endpoint's running p95), the same request goes to the next
 * endpoint; whichever answers first is kept and the other is cancelled.
 * A hedge takes a retry-budget slot like a retry does.
 */
export function hedgePolicy(clock: Clock, options: ClientOptions, budget: RetryBudget, emit: Emit): Policy {
  return (next) => (ctx, attempt) => {
    if (!options.hedge) return next(ctx, attempt);
    const firstCall = next(ctx, attempt); // the route policy has set attempt.endpoint synchronously
    const e = attempt.endpoint;
    if (!e) return firstCall;
    const p95 = e.latency.p95();
    const delay =
      options.hedgeDelayMs > 0
        ? options.hedgeDelayMs
        : Math.max(options.hedgeMinDelayMs, p95 ?? options.firstByteTimeoutMs / 2);
    return new Promise<AttemptResult>((resolve) => {
      let pending = 1,
        settled = false,
        hedged: Attempt | null = null,
        lastFailure: AttemptResult | null = null;
      const finish = (r: AttemptResult) => {
        settled = true;
        clock.clearTimeout(timer);
        resolve(r);
      };
      const onResult = (a: Attempt) => (r: AttemptResult) => {
        pending -= 1;
        if (a === hedged) budget.releaseRetry();
        if (settled) return;
        if (r.ok) {
          for (const other of ctx.live) if (other !== a) other.controller.abort("cancelled");
          if (hedged)
            emit("hedge_winner", {
              endpoint: r.endpoint?.name ?? null,
              from: e.name,
              to: hedged.endpoint?.name ?? null,
              reason: a === hedged ? "hedge answered first" : "first attempt answered first",
            });
          return finish(r);
        }
        if (!r.cancelled || !lastFailure) lastFailure = r;
        if (pending === 0) finish(lastFailure);
      };
      let timer: Timer = clock.setTimeout(() => {
        timer = undefined;
        if (settled || ctx.firstByteAt !== null || pending === 0) return;
        if (!budget.tryAcquire()) {
          emit("budget_exhausted", { endpoint: e.name, from: null, to: null, reason: "no budget left to hedge" });
          return;
        }
        const h = newAttempt(ctx, attempt.n + 1, true);
        h.mustBeNew = true;
        const call = next(ctx, h);
        if (!h.endpoint) {
          budget.releaseRetry();
          void call;
          return;
        }
        hedged = h;
        pending += 1;
        emit("hedge_start", {
          endpoint: h.endpoint.name,
          from: e.name,
          to: h.endpoint.name,
          reason: `no first byte from ${e.name} after ${Math.round(delay)} ms`,
        });
        void call.then(onResult(h));
      }, delay);
      void firstCall.then(onResult(attempt));
    });
  };
}
