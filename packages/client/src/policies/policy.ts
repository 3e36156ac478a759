import type { Attempt, AttemptResult } from "../attempt.js";
import type { RequestContext } from "../request-context.js";

/** One step of the request path: sends an attempt (or several) and resolves with a result. */
export type Call = (ctx: RequestContext, attempt: Attempt) => Promise<AttemptResult>;

/** A failover policy wraps the next step, like an undici interceptor: `next => call`. */
export type Policy = (next: Call) => Call;

/** Composes policies outermost first: compose([a, b], send) = a(b(send)). */
export function compose(policies: readonly Policy[], innermost: Call): Call {
  return policies.reduceRight<Call>((next, policy) => policy(next), innermost);
}

/** A fresh attempt that is aborted together with the request. */
export function newAttempt(_ctx: RequestContext, n: number, holdsBudget: boolean): Attempt {
  return new LazyAttempt(n, holdsBudget);
}

/**
 * An attempt whose AbortController is created only when something reads its
 * signal or aborts it. A controller, its signal and a listener were the largest
 * per-request allocation left on the non-streamed path (e2e capacity profile),
 * and almost no attempt is ever aborted.
 */
export class LazyAttempt implements Attempt {
  endpoint: Attempt["endpoint"] = null;
  mustBeNew?: boolean;
  onAnswering?: () => void;
  private lazyController: AbortController | null = null;
  /** Told when the controller comes into being, so a transport without a signal can still be aborted. */
  onController: ((c: AbortController) => void) | null = null;

  constructor(
    readonly n: number,
    public holdsBudget: boolean
  ) {}

  /** The attempt's controller, created on first use. */
  get controller(): AbortController {
    if (this.lazyController === null) {
      this.lazyController = new AbortController();
      const notify = this.onController;
      this.onController = null;
      notify?.(this.lazyController);
    }
    return this.lazyController;
  }

  /** Whether the controller exists yet (reading `controller` would create it). */
  get hasController(): boolean {
    return this.lazyController !== null;
  }
}
