import type { Clock, Timer } from "./clock.js";

/** A clock for tests: time moves only when advance() is called, running due timers in order. */
export class FakeClock implements Clock {
  private t = 0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const id = ++this.seq;
    // A positive wait under 1 ms is 1 ms, as Node's timers make it. A wait computed as `due - now` in floating point
    // can come out at 1e-14 ms, which added to `now` changes nothing: the timer then fired at once, found its time not
    // yet come, and set itself again, for ever (the warm-up's load generator did, on a clock offset by runClock).
    const wait = ms > 0 && ms < 1 ? 1 : Math.max(0, ms);
    this.timers.set(id, { at: this.t + wait, fn });
    return id;
  }

  clearTimeout(timer: Timer): void {
    this.timers.delete(timer as number);
  }

  /** Timers set and not yet fired or cleared: lets a test wait until the code under test is waiting. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
}
