import { FAILURE_CLASSES } from "@faultline/contracts";
import type { Clock } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { AttemptResult } from "../attempt.js";
import { localFailure } from "../attempt.js";
import type { Endpoint } from "../endpoint.js";
import type { Policy } from "./policy.js";

/** Failure classes that say the endpoint is unwell (429 and other 4xx do not). */
const ENDPOINT_FAILURES: ReadonlySet<string> = new Set(
  Object.entries(FAILURE_CLASSES)
    .filter(([, c]) => c.endpointFault)
    .map(([k]) => k)
);

/**
 * Gates each attempt on its endpoint's breaker and feeds the outcome back:
 * outlier detection (consecutive failures, failure rate, latency bound),
 * the breaker, the latency tracker and the 429 cooldown.
 */
export function breakerPolicy(clock: Clock, options: ClientOptions): Policy {
  return (next) => async (ctx, attempt) => {
    const e = attempt.endpoint!;
    // In panic mode (routing/pick.ts) the route sends to an endpoint whose breaker is open: let it through.
    const panic = options.breaker && !e.breaker.wouldPass();
    if (options.breaker && !panic && !e.breaker.tryPass()) {
      const r = localFailure("no_endpoint", `breaker of ${e.name} is open`, e);
      r.disposition = "retry";
      return r;
    }
    ctx.attempts += 1;
    ctx.tried.set(e, (ctx.tried.get(e) ?? 0) + 1);
    e.inflight += 1;
    e.counters.attempts += 1;
    ctx.live.add(attempt);
    const started = clock.now();
    const r = await next(ctx, attempt);
    ctx.live.delete(attempt);
    e.inflight -= 1;
    record(e, r, started, options);
    if (!r.ok && ctx.owner !== attempt) ctx.wastedTokens += r.completionTokens;
    return r;
  };
}

function record(e: Endpoint, r: AttemptResult, started: number, options: ClientOptions): void {
  const now = r.firstByteAt ?? started;
  if (r.ok) {
    e.counters.successes += 1;
    e.rateLimitStreak = 0;
    const latency = r.firstByteAt === null ? 0 : r.firstByteAt - started;
    e.latency.record(latency);
    if (!options.breaker) return;
    const slow = options.latencyBoundMs > 0 && latency > options.latencyBoundMs;
    if (!slow) {
      e.outlier.record(true, now);
      e.breaker.onSuccess();
      return;
    }
    const reason = e.outlier.record(false, now);
    e.breaker.onFailure(reason && `${reason} (first byte slower than ${options.latencyBoundMs} ms)`);
    return;
  }
  if (r.errorClass === "http_429") {
    e.rateLimited(r.retryAfterMs, options);
    if (options.breaker) e.breaker.onNeutral();
    return;
  }
  if (!ENDPOINT_FAILURES.has(r.errorClass ?? "")) {
    if (options.breaker) {
      if (r.cancelled) e.breaker.onNeutral();
      else e.breaker.onSuccess();
    }
    return;
  }
  e.counters.failures += 1;
  if (!options.breaker) return;
  e.breaker.onFailure(e.outlier.record(false, now));
}
