import { FakeClock } from "@faultline/core";
import { waitFor } from "./upstream.js";

/**
 * The value of a request the test has driven to its end on a fake clock, or an error naming `what` when it has not
 * settled within `timeoutMs` of real time: a request the fake clock should have ended (a timeout that did not fire
 * when it was due) fails the test at once instead of hanging it until the test timeout.
 */
export function settledWithin<T>(pending: Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
  let guard: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    guard = setTimeout(() => reject(new Error(`${what} had not settled ${timeoutMs} ms (real time) later`)), timeoutMs);
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(guard));
}

/**
 * Moves a fake clock forward once the code under test is waiting on it: when `ready` holds (an upstream holds the
 * request, a timer is set). The wait is polled in real time, since sockets and the event loop are real.
 */
export async function advanceWhen(clock: FakeClock, ready: () => boolean, ms: number, what: string): Promise<void> {
  await waitFor(ready, 5000, what);
  clock.advance(ms);
}
