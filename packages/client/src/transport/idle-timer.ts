import type { Clock, Timer } from "@faultline/core";

/**
 * Calls `onIdle` once `ms` pass with no touch(): a stream's stall deadline, moved by every upstream read.
 *
 * One timer, re-armed only when it fires: a touch is a clock read. When the timer fires early (the stream was
 * touched since it was armed) it is armed again for what is left of `ms` after the last touch, so it fires at the
 * same moment a timer cleared and set again on every read would have. Clearing and setting one per read was a
 * timer-list removal and insertion per chunk of every stream (issue 23).
 */
export class IdleTimer {
  private last: number;
  private timer: Timer;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
    private readonly onIdle: () => void
  ) {
    this.last = clock.now();
    this.timer = clock.setTimeout(this.check, ms);
  }

  /** Marks activity now: the deadline is `ms` from here. */
  touch(): void {
    this.last = this.clock.now();
  }

  /** Cancels the deadline for good. */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }

  private readonly check = (): void => {
    if (this.stopped) return;
    const idle = this.clock.now() - this.last;
    if (idle >= this.ms) {
      this.stopped = true;
      this.onIdle();
    } else this.timer = this.clock.setTimeout(this.check, this.ms - idle);
  };
}
