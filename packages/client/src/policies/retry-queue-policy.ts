import type { Clock } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { RetryQueue } from "../tiers/retry-queue.js";
import { maintenanceAnswer } from "../tiers/maintenance-answer.js";
import { nothingServed } from "../tiers/unserved.js";
import { newAttempt, type Policy } from "./policy.js";

/**
 * The emergency tier. A request that nothing could serve (not even the answer cache) takes a place in the bounded
 * retry queue and is sent again at each recovery signal (tiers/retry-queue.ts), until an endpoint answers it
 * (`rescued`), or its own deadline passes (`timed_out`); then, or at once when the queue is full (`overflow`), it gets
 * the maintenance answer. It never waits past its deadline: the wait is cut there, and an attempt sent near it is cut
 * by the deadline policy inside.
 */
export function retryQueuePolicy(queue: RetryQueue | null, clock: Clock, options: ClientOptions): Policy {
  // Off (retryQueueSize 0): not even a wrapper on the request path.
  if (queue === null) return (next) => next;
  return (next) => async (ctx, attempt) => {
    let r = await next(ctx, attempt);
    if (!nothingServed(ctx, r)) return r;
    const enteredAt = clock.now();
    if (!queue.admit()) {
      ctx.queue = { enteredAt, outcome: "overflow", waitedMs: 0 };
      return maintenanceAnswer(
        ctx,
        options,
        `the retry queue is full (${queue.bound}); last: ${r.errorClass}: ${r.error}`
      );
    }
    ctx.queue = { enteredAt, outcome: null, waitedMs: 0 };
    try {
      for (;;) {
        const why = await queue.wait(ctx.deadlineAt, ctx.signal);
        ctx.queue.waitedMs = clock.now() - enteredAt;
        if (why === "deadline" || ctx.callerGone) {
          ctx.queue.outcome = "timed_out";
          const last = `${r.errorClass}: ${r.error}`;
          return maintenanceAnswer(ctx, options, `no endpoint recovered within the deadline; last: ${last}`);
        }
        r = await next(ctx, newAttempt(ctx, ctx.attempts + 1, false));
        ctx.queue.waitedMs = clock.now() - enteredAt;
        if (r.ok) ctx.queue.outcome = "rescued";
        else if (!nothingServed(ctx, r)) ctx.queue.outcome = "failed";
        else continue;
        return r;
      }
    } finally {
      queue.leave();
    }
  };
}
