/**
 * Envoy's retry budget: retries (and hedges) in flight may be at most a share
 * of the requests in flight, with a floor so low traffic can still retry.
 * An outage therefore cannot turn into a retry storm. A retry that finds the
 * budget spent waits for a slot (within its deadline) instead of failing at
 * once: a burst of simultaneous failures is then served as slots free up,
 * and the retry concurrency still never exceeds the limit. Hedges never wait.
 */
export class RetryBudget {
  active = 0;
  retriesActive = 0;
  /** Retries refused or made to wait because the budget was spent. */
  refused = 0;
  granted = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly ratio: number,
    private readonly minConcurrent: number
  ) {}

  /** How many retries may be in flight right now. */
  limit(): number {
    return Math.max(this.minConcurrent, Math.floor(this.ratio * this.active));
  }

  /** Takes one retry slot if the budget allows; release it with releaseRetry. */
  tryAcquire(): boolean {
    if (this.retriesActive >= this.limit() || this.waiters.length > 0) {
      this.refused += 1;
      return false;
    }
    this.retriesActive += 1;
    this.granted += 1;
    return true;
  }

  /** Waits for a retry slot; resolves false if the signal aborts first. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (this.tryAcquire()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const grant = () => {
        signal.removeEventListener("abort", onAbort);
        this.retriesActive += 1;
        this.granted += 1;
        resolve(true);
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(grant);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(false);
      };
      this.waiters.push(grant);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Returns a retry slot, handing it to the longest waiter when the limit allows. */
  releaseRetry(): void {
    this.retriesActive -= 1;
    while (this.waiters.length > 0 && this.retriesActive < this.limit()) this.waiters.shift()!();
  }

  /** Retries waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }
}
