import type { Clock, Timer } from "@faultline/core";

/**
 * Calls `fn` as close to clock time `atMs` as the event loop allows: a
 * setTimeout that wakes `earlyMs` before, then setImmediate steps until the
 * time has come. Plain setTimeout is routinely 1-2 ms late, more under load.
 * Returns a cancel function.
 */
export function atTime(clock: Clock, atMs: number, earlyMs: number, fn: (firedMs: number) => void): () => void {
  let cancelled = false;
  let timer: Timer;
  const spin = () => {
    if (cancelled) return;
    const now = clock.now();
    if (now >= atMs) fn(now);
    else setImmediate(spin);
  };
  const wait = atMs - clock.now() - earlyMs;
  if (wait > 0) timer = clock.setTimeout(spin, wait);
  else spin();
  return () => {
    cancelled = true;
    clock.clearTimeout(timer);
  };
}
