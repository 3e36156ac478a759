import { FakeClock } from "@faultline/core";
import { describe, expect, it } from "vitest";
import { IdleTimer } from "./idle-timer.js";

describe("IdleTimer", () => {
  it("fires once `ms` pass with no touch", () => {
    const clock = new FakeClock();
    let fired = 0;
    new IdleTimer(clock, 100, () => fired++);
    clock.advance(99);
    expect(fired).toBe(0);
    clock.advance(1);
    expect(fired).toBe(1);
    clock.advance(1000);
    expect(fired).toBe(1);
  });

  it("fires `ms` after the last touch, as a timer set again on every touch would, with one timer pending", () => {
    const clock = new FakeClock();
    const firedAt: number[] = [];
    const t = new IdleTimer(clock, 100, () => firedAt.push(clock.now()));
    for (let i = 0; i < 5; i++) {
      clock.advance(30);
      t.touch();
      expect(clock.pendingTimers).toBe(1);
    }
    clock.advance(99);
    expect(firedAt).toEqual([]);
    clock.advance(1);
    expect(firedAt).toEqual([250]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("never fires once stopped", () => {
    const clock = new FakeClock();
    let fired = 0;
    const t = new IdleTimer(clock, 100, () => fired++);
    clock.advance(50);
    t.touch();
    clock.advance(60);
    t.stop();
    clock.advance(1000);
    expect(fired).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});
