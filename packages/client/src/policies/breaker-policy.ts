import { FAILURE_CLASSES } from "@faultline/contracts";
import type { Clock } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { AttemptResult } from "../attempt.js";
import { localFailure } from "../attempt.js";
import type { Endpoint } from "../endpoint.js";
import type { Policy } from "./policy.js";
import { attemptTimeoutMs, maxTokensOf } from "../transport/send.js";

/** Failure classes that say the endpoint is unwell (429 and other 4xx do not). */
const ENDPOINT_FAILURES: ReadonlySet<string> = new Set(
  Object.entries(FAILURE_CLASSES)
    .filter(([, c]) => c.endpointFault)
    .map(([k]) => k)
);

/**
 * Gates each attempt on its endpoint's breaker and feeds the outcome back:
 * outlier detection (consecutive failures, failure rate, latency bound),
 * the breaker, the latency tracker, the 429 cooldown, and the rests a quota
 * error or a provider-wide overload call for (`endpoints`: every endpoint of
 * the client, to find those at the overloaded origin).
 */
export function breakerPolicy(clock: Clock, options: ClientOptions, endpoints: readonly Endpoint[] = []): Policy {
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
    const done = options.adaptiveConcurrency
      ? e.concurrency.sent({
          sentAt: started,
          stream: ctx.stream,
          maxTokens: maxTokensOf(ctx),
          timeoutMs: attemptTimeoutMs(ctx, options, started),
          ...(ctx.stream ? { answering: () => ctx.owner === attempt } : {}),
        })
      : null;
    const r = await next(ctx, attempt);
    ctx.live.delete(attempt);
    e.inflight -= 1;
    record(e, r, started, options);
    done?.(
      r.ok && r.firstByteAt !== null
        ? { latencyMs: r.firstByteAt - started, completionTokens: r.completionTokens }
        : null
    );
    restAfter(e, r, endpoints, options);
    if (!r.ok && ctx.owner !== attempt) ctx.wastedTokens += r.completionTokens;
    return r;
  };
}

/**
 * A quota error rests its endpoint for the provider's wait, else `quotaCooldownMs`: the same account answers the same
 * way until someone pays, so no later attempt goes there meanwhile. A provider-wide overload (Anthropic's 529) rests
 * every endpoint at that origin (other models behind the same API are overloaded too) for its Retry-After, else
 * `rateLimitCooldownMs`.
 */
function restAfter(e: Endpoint, r: AttemptResult, endpoints: readonly Endpoint[], options: ClientOptions): void {
  if (r.errorClass === "quota") e.rest(r.retryAfterMs ?? options.quotaCooldownMs);
  if (r.errorClass !== "overloaded") return;
  const ms = r.retryAfterMs ?? options.rateLimitCooldownMs;
  e.rest(ms);
  for (const other of endpoints) if (other !== e && other.origin === e.origin) other.rest(ms);
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
  // An empty account says nothing about the endpoint's health either way (restAfter keeps traffic off it).
  if (r.errorClass === "quota") {
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
