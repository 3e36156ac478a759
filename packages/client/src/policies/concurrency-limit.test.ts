import { FakeClock } from "@faultline/core";
import { describe, expect, it } from "vitest";
import { ConcurrencyLimit, type Outstanding } from "./concurrency-limit.js";

/** A non-streamed attempt of 32 tokens with the default 3.28 s timeout (2 s + 40 ms a token). */
const whole = (clock: FakeClock): Outstanding => ({
  sentAt: clock.now(),
  stream: false,
  maxTokens: 32,
  timeoutMs: 3280,
});

/** Sends one attempt and answers it after `ms` on the fake clock, with 32 tokens. */
function answer(l: ConcurrencyLimit, clock: FakeClock, ms: number): void {
  const done = l.sent(whole(clock));
  clock.advance(ms);
  done({ latencyMs: ms, completionTokens: 32 });
}

describe("the adaptive concurrency limit of one endpoint", () => {
  it("leaves an endpoint whose answers do not queue unlimited, however many it holds", () => {
    const clock = new FakeClock();
    const l = new ConcurrencyLimit(clock);
    const out = Array.from({ length: 200 }, () => l.sent(whole(clock)));
    clock.advance(190);
    expect(l.admits()).toBe(true);
    for (const done of out) done({ latencyMs: 190, completionTokens: 32 });
    expect(l.limit).toBe(Infinity);
    expect(l.admits()).toBe(true);
  });

  it("cuts to three quarters of what it holds once the oldest attempt out waits past a quarter of its timeout", () => {
    const clock = new FakeClock();
    const l = new ConcurrencyLimit(clock);
    answer(l, clock, 170); // 5 ms a token: its best
    for (let i = 0; i < 20; i++) l.sent(whole(clock));
    clock.advance(800); // under a quarter of 3.28 s: a queue, but not yet a threat
    expect(l.admits()).toBe(true);
    clock.advance(100);
    expect(l.admits()).toBe(false);
    expect(l.limit).toBe(15);
    clock.advance(100); // the same queue, seen again within 200 ms: no second cut
    l.admits();
    expect(l.limit).toBe(15);
    for (let i = 0; i < 10; i++) {
      clock.advance(200);
      l.admits();
    }
    expect(l.limit).toBe(2);
  });

  it("learns from answers too, and grows by one for each limit's worth that come back unqueued", () => {
    const clock = new FakeClock();
    const l = new ConcurrencyLimit(clock);
    answer(l, clock, 170);
    l.sent(whole(clock));
    l.sent(whole(clock));
    answer(l, clock, 1800); // 10 times its best, over a quarter of its timeout: cut to 0.75 x (2 out + 1)
    expect(l.limit).toBe(2);
    for (let i = 0; i < 3; i++) answer(l, clock, 180);
    expect(l.limit).toBeCloseTo(3.25, 1); // 2 + 1/2 + 1/2.5 + 1/2.9
  });

  it("compares a whole answer per token, so a long answer is not taken for a queue", () => {
    const clock = new FakeClock();
    const l = new ConcurrencyLimit(clock);
    answer(l, clock, 170); // 32 tokens: 5 ms a token
    const long = l.sent({ sentAt: clock.now(), stream: false, maxTokens: 512, timeoutMs: 22_480 });
    clock.advance(2600); // 512 tokens at 5 ms take 2.6 s
    expect(l.admits()).toBe(true);
    long({ latencyMs: 2600, completionTokens: 512 });
    expect(l.limit).toBe(Infinity);
  });

  it("finds the oldest stream still waiting behind thousands already answering, asking each answering one once", () => {
    const clock = new FakeClock();
    const l = new ConcurrencyLimit(clock);
    let asked = 0;
    const stream = (answering: boolean): Outstanding => ({
      sentAt: clock.now(),
      stream: true,
      maxTokens: 64,
      timeoutMs: 2000,
      answering: () => {
        asked++;
        return answering;
      },
    });
    l.sent(stream(false))({ latencyMs: 100, completionTokens: 64 }); // the best first token: 100 ms
    asked = 0;
    const ends = Array.from({ length: 5000 }, () => l.sent(stream(true)));
    l.sent(stream(false));
    for (let i = 0; i < 100; i++) expect(l.admits()).toBe(true);
    // Each answering stream was asked once, the waiting one on every call: not 100 walks past 5,000 streams.
    expect(asked).toBe(5000 + 100);
    clock.advance(600); // the waiting stream: 6x the best first token and over a quarter of its timeout
    expect(l.admits()).toBe(false);
    expect(l.limit).toBe(Math.floor(5002 * 0.75)); // it holds 5,001: one more would be 5,002
    for (const end of ends) end(null);
    expect(l.admits()).toBe(true);
  });
});
