import { systemClock, type Clock } from "@faultline/core";

/**
 * A clock that reads milliseconds since a fixed origin: what the event log
 * stores, so every row of a run shares one time base.
 */
export function runClock(base: Clock = systemClock): Clock & { origin: number } {
  const origin = base.now();
  return { origin, now: () => base.now() - origin, setTimeout: base.setTimeout, clearTimeout: base.clearTimeout };
}
