import { systemClock, type Clock } from "@faultline/core";

/**
 * A clock that reads milliseconds since a fixed origin: what the event log
 * stores, so every row of a run shares one time base.
 */
export function runClock(base: Clock = systemClock): Clock & { origin: number } {
  const origin = base.now();
  // Calls through `base`, not its methods taken off it: a class clock (a test's FakeClock) needs its `this`.
  return {
    origin,
    now: () => base.now() - origin,
    setTimeout: (fn, ms) => base.setTimeout(fn, ms),
    clearTimeout: (timer) => base.clearTimeout(timer),
  };
}
