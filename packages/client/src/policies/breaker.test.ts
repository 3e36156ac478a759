import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./breaker.js";
import { OutlierDetector } from "./outlier.js";
import { RetryBudget } from "./budget.js";
import { fullJitterBackoff } from "./backoff.js";
import { FakeClock } from "../testing/fake-clock.js";

const settings = { breakerOpenMs: 1000, breakerMaxOpenMs: 5000, breakerBackoffFactor: 2, halfOpenProbes: 1 };

describe("the circuit breaker", () => {
  it("opens on an ejection, rejects until the open time ends, then lets exactly one probe through", () => {
    const clock = new FakeClock();
    const moves: string[] = [];
    const b = new CircuitBreaker(settings, clock, (from, to) => moves.push(`${from}->${to}`));
    b.onFailure("3 consecutive failures");
    expect(b.tryPass()).toBe(false);
    clock.advance(999);
    expect(b.tryPass()).toBe(false);
    clock.advance(1);
    expect(b.tryPass()).toBe(true);
    expect(b.tryPass()).toBe(false); // the second request waits for the probe
    b.onSuccess();
    expect(b.state).toBe("closed");
    expect(moves).toEqual(["closed->open", "open->half_open", "half_open->closed"]);
  });

  it("doubles its open time on each repeated trip, up to the cap", () => {
    const clock = new FakeClock();
    const b = new CircuitBreaker(settings, clock, () => undefined);
    const openTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      if (i === 0) b.onFailure("trip");
      else {
        clock.advance(b.openUntil - clock.now());
        b.tryPass();
        b.onFailure(null);
      }
      openTimes.push(b.openUntil - clock.now());
    }
    expect(openTimes).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it("keeps growing the open time when an endpoint trips again soon after closing; forgets after a quiet spell", () => {
    const clock = new FakeClock();
    const b = new CircuitBreaker(settings, clock, () => undefined);
    const reopen = () => {
      clock.advance(b.openUntil - clock.now());
      b.tryPass();
      b.onSuccess();
    };
    b.onFailure("trip");
    reopen();
    clock.advance(100);
    b.onFailure("trip again"); // flapping: 100 ms after closing
    expect(b.openUntil - clock.now()).toBe(2000);
    reopen();
    clock.advance(5000); // closed for the cap (5 s): a new trip starts over
    b.onFailure("much later");
    expect(b.openUntil - clock.now()).toBe(1000);
  });

  it("ignores failures that outlier detection does not call an ejection", () => {
    const b = new CircuitBreaker(settings, new FakeClock(), () => undefined);
    b.onFailure(null);
    expect(b.state).toBe("closed");
  });
});

describe("outlier detection", () => {
  const detector = () =>
    new OutlierDetector({
      consecutiveFailures: 3,
      failureRateThreshold: 0.5,
      failureRateWindowMs: 10_000,
      failureRateMinVolume: 10,
    });

  it("ejects after the configured number of consecutive failures", () => {
    const d = detector();
    expect([d.record(false, 0), d.record(false, 1), d.record(false, 2)]).toEqual([
      null,
      null,
      "3 consecutive failures",
    ]);
  });

  it("ejects on a failure rate over the window once the minimum volume is reached", () => {
    const d = detector();
    const reasons = [];
    for (let i = 0; i < 10; i++) reasons.push(d.record(i % 2 === 0, i * 100)); // alternating: never 3 in a row
    expect(reasons.slice(0, 9).every((r) => r === null)).toBe(true);
    expect(reasons[9]).toMatch(/failure rate 50% over 10 requests/);
  });

  it("forgets failures older than the window", () => {
    const d = detector();
    for (let i = 0; i < 9; i++) d.record(i % 2 === 0, i);
    expect(d.record(false, 30_000)).toBeNull(); // the old nine fell out of the window
  });
});

describe("the retry budget", () => {
  it("allows the floor of concurrent retries at low traffic and 20% of live requests at high traffic", () => {
    const b = new RetryBudget(0.2, 3);
    b.active = 5;
    expect([b.tryAcquire(), b.tryAcquire(), b.tryAcquire(), b.tryAcquire()]).toEqual([true, true, true, false]);
    b.active = 100;
    let granted = 3;
    while (b.tryAcquire()) granted += 1;
    expect(granted).toBe(20);
  });

  it("hands a released slot to a waiting retry, and refuses a waiter whose deadline passed", async () => {
    const b = new RetryBudget(0.2, 1);
    expect(b.tryAcquire()).toBe(true);
    const ac = new AbortController();
    const late = b.acquire(ac.signal);
    const waiting = b.acquire(new AbortController().signal);
    ac.abort();
    expect(await late).toBe(false);
    b.releaseRetry();
    expect(await waiting).toBe(true);
    expect(b.retriesActive).toBe(1);
  });
});

describe("full-jitter backoff", () => {
  it("stays below the exponential ceiling and the cap", () => {
    expect(fullJitterBackoff(0, 50, 1000, () => 0.999)).toBeLessThan(50);
    expect(fullJitterBackoff(3, 50, 1000, () => 0.999)).toBeLessThan(400);
    expect(fullJitterBackoff(10, 50, 1000, () => 0.999)).toBeLessThan(1000);
    expect(fullJitterBackoff(3, 50, 1000, () => 0)).toBe(0);
  });
});
