import type { Policy } from "./policy.js";
import type { RetryBudget } from "./budget.js";

/** Counts the request as live while it runs, so the retry budget scales with traffic. */
export function budgetPolicy(budget: RetryBudget): Policy {
  return (next) => async (ctx, attempt) => {
    budget.active += 1;
    try {
      return await next(ctx, attempt);
    } finally {
      budget.active -= 1;
    }
  };
}
