import type { Clock } from "@faultline/core";
import type { Policy } from "./policy.js";

/**
 * One end-to-end deadline per request, covering every retry, hedge and
 * fallback: per-attempt timeouts are cut to what is left, so they never add
 * up (Bifrost retries a silent upstream for up to 130 s).
 */
export function deadlinePolicy(clock: Clock): Policy {
  return (next) => async (ctx, attempt) => {
    // Whole milliseconds: Node keeps one timer list per distinct duration, and a fractional
    // remainder made a new list (and a priority-queue insert and removal) for every request.
    const timer = clock.setTimeout(() => ctx.abort(), Math.max(0, Math.ceil(ctx.deadlineAt - clock.now())));
    try {
      return await next(ctx, attempt);
    } finally {
      clock.clearTimeout(timer);
    }
  };
}
