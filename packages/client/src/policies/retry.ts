import { sleep, type Clock } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { Attempt, AttemptResult } from "../attempt.js";
import type { RequestContext } from "../request-context.js";
import type { Emit } from "../endpoint.js";
import type { Router } from "../routing/router.js";
import { pickEndpoint } from "../routing/pick.js";
import { estimatePromptTokens } from "../transport/payload.js";
import { fullJitterBackoff } from "./backoff.js";
import type { RetryBudget } from "./budget.js";
import { newAttempt, type Policy } from "./policy.js";
import { sameEndpointWait } from "./same-endpoint.js";

/** What the retry policy needs from the client. */
export interface RetryDeps {
  clock: Clock;
  options: ClientOptions;
  budget: RetryBudget;
  router: Router;
  emit: Emit;
  random: () => number;
}

/**
 * Retries a failed attempt: once on the same endpoint after a transient 5xx
 * or a short Retry-After (same-endpoint.ts), else on another endpoint at once
 * when there is one (the caller never sees the primary's failure), or on the
 * same endpoint after exponential backoff with full jitter. Every retry takes a slot of
 * the retry budget and fits inside the request's deadline.
 */
export function retryPolicy(d: RetryDeps): Policy {
  return (next) => async (ctx, first) => {
    let attempt = first;
    let r = await next(ctx, attempt);
    for (let retry = 0; ; retry++) {
      if (r.anomaly !== undefined) reportAnomaly(r, d.emit);
      if (attempt.holdsBudget) d.budget.releaseRetry();
      if (r.ok || r.disposition === "final" || ctx.aborted) return r;
      if (ctx.attempts >= d.options.maxAttempts && r.errorClass !== "no_endpoint") return r;
      // A local refusal (no endpoint touched) does not count as an attempt; this cap guarantees the loop ends.
      if (retry >= d.options.maxAttempts * 2 + 2) return r;
      if (ctx.owner && !d.options.resumeStreams) return r;
      if (r.disposition === "larger_context") {
        ctx.minContextTokens = Math.max(r.endpoint?.maxContextTokens ?? 0, estimatePromptTokens(ctx.body)) + 1;
      }
      const sameWait = sameEndpointWait(ctx, r, d.clock.now(), d.options, d.random);
      const wait = sameWait === null ? waitBeforeRetry(ctx, r, retry, d) : announceSame(r, sameWait, ctx, d.emit);
      if (wait === null) return r;
      if (!d.budget.tryAcquire()) {
        d.emit("budget_exhausted", {
          endpoint: r.endpoint?.name ?? null,
          from: null,
          to: null,
          reason: `${d.budget.retriesActive} retries in flight, limit ${d.budget.limit()}; waiting for a slot`,
          detail: { active: d.budget.active, waiting: d.budget.waiting },
        });
        if (!(await d.budget.acquire(ctx.signal)))
          return { ...r, errorClass: "budget", error: `retry budget exhausted until the deadline, after: ${r.error}` };
      }
      attempt = newAttempt(ctx, attempt.n + 1, true);
      attempt.onAnswering = releaseOnceAnswering(attempt, d.budget);
      if (sameWait !== null) attempt.endpoint = r.endpoint;
      if (wait > 0) await sleep(wait, d.clock, ctx.signal).catch(() => undefined);
      if (ctx.aborted) {
        d.budget.releaseRetry();
        return { ...r, errorClass: "deadline", error: `deadline passed while backing off after: ${r.error}` };
      }
      r = await next(ctx, attempt);
    }
  };
}

/**
 * A retried stream gives its budget slot back at its first token, not at its end. The budget keeps retries from
 * piling onto a struggling upstream; a retry that answers is no longer that risk, while holding its slot for the
 * whole answer made the budget's size depend on answer length: with 5,000 streams failing over at once, each slot
 * was held for a stream's seconds and the rest waited in line behind whole answers (issue 23).
 */
function releaseOnceAnswering(attempt: Attempt, budget: RetryBudget): () => void {
  return () => {
    if (!attempt.holdsBudget) return;
    attempt.holdsBudget = false;
    budget.releaseRetry();
  };
}

/** Milliseconds to wait before the next try (0 = now), or null when no try can help. */
function waitBeforeRetry(ctx: RequestContext, r: AttemptResult, retry: number, d: RetryDeps): number | null {
  const now = d.clock.now();
  const pick = pickEndpoint(ctx, d.router.order(now), now, d.options);
  let wait: number;
  if (pick.endpoint === null) {
    // Retried at once so the route policy ends the request with the residency class, not the last endpoint's error.
    if (pick.residency === "refused") return 0;
    if (pick.cooldownUntil === null) return null;
    wait = pick.cooldownUntil - now; // every candidate is cooling down after a 429: wait it out, if there is time
  } else {
    wait = ctx.tried.has(pick.endpoint)
      ? fullJitterBackoff(retry, d.options.backoffBaseMs, d.options.backoffMaxMs, d.random)
      : 0;
    const kind = ctx.owner ? "stream_resumed" : "retry";
    if (kind === "retry") {
      d.emit("retry", {
        endpoint: pick.endpoint.name,
        from: r.endpoint?.name ?? null,
        to: pick.endpoint.name,
        reason: `${r.errorClass}: ${r.error}`,
        detail: { attempt: ctx.attempts + 1, waitMs: Math.round(wait) },
      });
    } else {
      d.emit("stream_resumed", {
        endpoint: pick.endpoint.name,
        from: r.endpoint?.name ?? null,
        to: pick.endpoint.name,
        reason: `${r.errorClass}: ${r.error}`,
        detail: { resumedAfterChars: ctx.sentText.length },
      });
    }
  }
  return now + wait < ctx.deadlineAt ? wait : null;
}

/** An answer accepted although its stream broke the protocol: on the record, never silently. */
function reportAnomaly(r: AttemptResult, emit: Emit): void {
  emit("stream_anomaly", { endpoint: r.endpoint?.name ?? null, from: null, to: null, reason: r.anomaly! });
}

/** Puts a retry on the same endpoint on the record; returns its wait. */
function announceSame(r: AttemptResult, wait: number, ctx: RequestContext, emit: Emit): number {
  emit("retry", {
    endpoint: r.endpoint!.name,
    from: r.endpoint!.name,
    to: r.endpoint!.name,
    reason: `${r.errorClass}: ${r.error}`,
    detail: { attempt: ctx.attempts + 1, waitMs: Math.round(wait), sameEndpoint: true },
  });
  return wait;
}
