import type { Attempt, AttemptResult, RequestContext } from "../context.js";

/** One step of the request path: sends an attempt (or several) and resolves with a result. */
export type Call = (ctx: RequestContext, attempt: Attempt) => Promise<AttemptResult>;

/** A failover policy wraps the next step, like an undici interceptor: `next => call`. */
export type Policy = (next: Call) => Call;

/** Composes policies outermost first: compose([a, b], send) = a(b(send)). */
export function compose(policies: readonly Policy[], innermost: Call): Call {
  return policies.reduceRight<Call>((next, policy) => policy(next), innermost);
}

/** A fresh attempt that is aborted together with the request. */
export function newAttempt(ctx: RequestContext, n: number, holdsBudget: boolean): Attempt {
  return { endpoint: null, n, controller: new AbortController(), holdsBudget };
}
