import type { Clock, Timer } from "@faultline/core";

/** Why a wait in the retry queue ended. */
export type WakeReason = "recovered" | "deadline";

interface Waiter {
  deadlineAt: number;
  wake: (why: WakeReason) => void;
}

/**
 * The emergency tier's waiting room: at most `bound` requests hold a place at once, each until it is answered or its
 * own deadline passes. A waiter is woken by a recovery signal (`recovered()`: a health check passed, a breaker
 * half-opened or closed, traffic failed back) or at the next time an endpoint is known to become sendable again (a
 * breaker's open time or a 429 cooldown ending, `nextKnownRecovery`), never by polling, and never later than its
 * deadline.
 */
export class RetryQueue {
  private held = 0;
  private readonly waiters = new Set<Waiter>();
  private timer: Timer | null = null;
  private timerAt = Infinity;
  /** Requests that ever took a place, were turned away full, and were woken (all-time counts for status()). */
  readonly counts = { admitted: 0, overflow: 0, wakes: 0 };

  constructor(
    readonly bound: number,
    private readonly clock: Clock,
    /** The earliest future time an endpoint becomes sendable again on its own, or null when none is known. */
    private readonly nextKnownRecovery: () => number | null
  ) {
    if (!(Number.isInteger(bound) && bound >= 1))
      throw new RangeError(`retry queue bound must be an integer >= 1, got ${bound}`);
  }

  /** Places held now (never more than the bound). */
  get size(): number {
    return this.held;
  }

  /** Takes a place for one request; false when the queue is full. Each true must be matched by one leave(). */
  admit(): boolean {
    if (this.held >= this.bound) {
      this.counts.overflow += 1;
      return false;
    }
    this.held += 1;
    this.counts.admitted += 1;
    return true;
  }

  /** Gives a place back. */
  leave(): void {
    this.held = Math.max(0, this.held - 1);
  }

  /**
   * Waits, holding the request's place, for the next recovery or its deadline, whichever comes first; a caller that
   * goes away (`signal`) ends the wait at once, so a gone caller does not hold a place until its deadline.
   */
  wait(deadlineAt: number, signal?: AbortSignal): Promise<WakeReason> {
    if (this.clock.now() >= deadlineAt || signal?.aborted) return Promise.resolve("deadline");
    return new Promise((resolve) => {
      const onAbort = () => w.wake("deadline");
      const w: Waiter = {
        deadlineAt,
        wake: (why) => {
          this.waiters.delete(w);
          this.clock.clearTimeout(own);
          signal?.removeEventListener("abort", onAbort);
          resolve(why);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const own = this.clock.setTimeout(() => w.wake("deadline"), Math.max(0, deadlineAt - this.clock.now()));
      this.waiters.add(w);
      this.armKnownRecovery();
    });
  }

  /** A recovery signal: every waiter tries again now. */
  recovered(): void {
    if (this.waiters.size === 0) return;
    this.counts.wakes += 1;
    for (const w of [...this.waiters]) w.wake("recovered");
  }

  /** One timer for the whole queue, at the next known recovery time if that comes before some waiter's deadline. */
  private armKnownRecovery(): void {
    const at = this.nextKnownRecovery();
    if (at === null || at >= this.timerAt) return;
    let latest = -Infinity;
    for (const w of this.waiters) latest = Math.max(latest, w.deadlineAt);
    if (at >= latest) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.timerAt = Infinity;
        this.recovered();
      },
      Math.max(0, at - this.clock.now())
    );
  }
}
