import { FakeClock } from "@faultline/core";
import { describe, expect, it } from "vitest";
import { ConcurrencyLimit } from "./concurrency-limit.js";

describe("the adaptive concurrency limit of one endpoint", () => {
  it("leaves an endpoint whose answers do not queue unlimited", () => {
    const l = new ConcurrencyLimit(new FakeClock());
    for (let i = 0; i < 50; i++) l.onAnswer(170 + (i % 5) * 10, false, 32, 40);
    expect(l.limit).toBe(Infinity);
    expect(l.admits(1000)).toBe(true);
  });

  it("cuts to three quarters of what it holds once answers queue, once per 200 ms, never below 2", () => {
    const clock = new FakeClock();
    const l = new ConcurrencyLimit(clock);
    l.onAnswer(170, false, 32, 3); // 5 ms a token: its best
    l.onAnswer(900, false, 32, 20); // 27 ms a token, 730 ms of queue
    expect(l.limit).toBe(15);
    expect(l.admits(14)).toBe(true);
    expect(l.admits(15)).toBe(false);
    l.onAnswer(1200, false, 32, 20); // the same queue, seen again at once: no second cut
    expect(l.limit).toBe(15);
    for (let i = 0; i < 10; i++) {
      clock.advance(200);
      l.onAnswer(1200, false, 32, 15);
    }
    expect(l.limit).toBe(2);
  });

  it("grows by one for each answer that comes back unqueued", () => {
    const clock = new FakeClock();
    const l = new ConcurrencyLimit(clock);
    l.onAnswer(170, false, 32, 3);
    l.onAnswer(900, false, 32, 4);
    expect(l.limit).toBe(3);
    for (let i = 0; i < 5; i++) l.onAnswer(180, false, 32, 2);
    expect(l.limit).toBe(8);
  });

  it("reads a stream's time to first token, and takes jitter of less than 100 ms on a fast endpoint for noise", () => {
    const l = new ConcurrencyLimit(new FakeClock());
    l.onAnswer(10, true, 16, 1);
    l.onAnswer(60, true, 16, 5); // six times its best, but 50 ms: jitter
    expect(l.limit).toBe(Infinity);
    l.onAnswer(400, true, 16, 8);
    expect(l.limit).toBe(6);
  });
});
