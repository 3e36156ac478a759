import { describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fake-clock.js";
import { RetryQueue, type WakeReason } from "./retry-queue.js";

/** Records when each wait ended and why. */
function track(clock: FakeClock, p: Promise<WakeReason>) {
  const seen: { why: WakeReason | null; at: number | null } = { why: null, at: null };
  void p.then((why) => {
    seen.why = why;
    seen.at = clock.now();
  });
  return seen;
}
const settle = () => new Promise((r) => setImmediate(r));

describe("the retry queue (emergency tier)", () => {
  it("ends each wait at its own deadline when nothing recovers, never later", async () => {
    const clock = new FakeClock();
    const q = new RetryQueue(4, clock, () => null);
    expect(q.admit() && q.admit()).toBe(true);
    const early = track(clock, q.wait(300));
    const late = track(clock, q.wait(1000));
    clock.advance(299);
    await settle();
    expect(early.why).toBeNull();
    clock.advance(1);
    await settle();
    expect(early).toEqual({ why: "deadline", at: 300 });
    clock.advance(700);
    await settle();
    expect(late).toEqual({ why: "deadline", at: 1000 });
    expect(clock.pendingTimers).toBe(0);
  });

  it("wakes every waiter at a recovery signal, before their deadlines", async () => {
    const clock = new FakeClock();
    const q = new RetryQueue(4, clock, () => null);
    const waits = [track(clock, q.wait(1000)), track(clock, q.wait(2000))];
    clock.advance(250);
    q.recovered();
    await settle();
    expect(waits).toEqual([
      { why: "recovered", at: 250 },
      { why: "recovered", at: 250 },
    ]);
    // Their deadline timers are gone with them.
    expect(clock.pendingTimers).toBe(0);
  });

  it("wakes at the next known recovery time (a breaker's open time ending) if it comes before a deadline", async () => {
    const clock = new FakeClock();
    let known: number | null = 400;
    const q = new RetryQueue(4, clock, () => known);
    const w = track(clock, q.wait(1000));
    clock.advance(400);
    await settle();
    expect(w).toEqual({ why: "recovered", at: 400 });
    known = 5000; // after the waiter's deadline: no wake-up, the deadline ends it
    const w2 = track(clock, q.wait(1400));
    clock.advance(1000);
    await settle();
    expect(w2).toEqual({ why: "deadline", at: 1400 });
  });

  it("never holds more places than its bound; a place given back can be taken again", () => {
    const q = new RetryQueue(2, new FakeClock(), () => null);
    expect([q.admit(), q.admit(), q.admit()]).toEqual([true, true, false]);
    expect(q.size).toBe(2);
    q.leave();
    expect(q.admit()).toBe(true);
    expect(q.counts).toEqual({ admitted: 3, overflow: 1, wakes: 0 });
  });

  it("a wait whose deadline has already passed ends at once", async () => {
    const clock = new FakeClock();
    clock.advance(50);
    await expect(new RetryQueue(1, clock, () => null).wait(50)).resolves.toBe("deadline");
  });

  it("refuses a bound that is not a positive integer, naming it", () => {
    expect(() => new RetryQueue(-1, new FakeClock(), () => null)).toThrow(
      /retry queue bound must be an integer >= 1, got -1/
    );
  });

  it("ends the wait of a caller that went away at once, giving its place back to the next", async () => {
    const clock = new FakeClock();
    const q = new RetryQueue(1, clock, () => null);
    const caller = new AbortController();
    q.admit();
    const w = track(clock, q.wait(5000, caller.signal));
    clock.advance(100);
    caller.abort();
    await settle();
    expect(w).toEqual({ why: "deadline", at: 100 });
    expect(clock.pendingTimers).toBe(0);
  });
});
