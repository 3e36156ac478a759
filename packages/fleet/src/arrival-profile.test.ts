import { createRandom } from "@faultline/core";
import { describe, expect, it } from "vitest";
import { ArrivalProfile } from "./arrival-profile.js";

describe("the arrival profile", () => {
  it("puts arrivals where the weekly intensity is, keeping the long-run rate", () => {
    // One hour of the day (15:00 UTC) 23 times as busy as the others: half of all incidents start in it.
    const hour = Array.from({ length: 24 }, (_, h) => (h === 15 ? 23 : 1));
    const profile = new ArrivalProfile([1, 1, 1, 1, 1, 1, 1], hour);
    const rng = createRandom(1);
    let t = 0;
    let inBusyHour = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      t = profile.advance(t, -Math.log(1 - rng.next()) * 10);
      if (Math.floor(t % 24) === 15) inBusyHour++;
    }
    expect(inBusyHour / n).toBeGreaterThan(0.48);
    expect(inBusyHour / n).toBeLessThan(0.52);
    // Mean gap 10 operational hours stays 10 wall hours on average.
    expect(t / n).toBeGreaterThan(9.7);
    expect(t / n).toBeLessThan(10.3);
  });

  it("makes weekends quieter with the weekday weights", () => {
    const profile = new ArrivalProfile([1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5], Array(24).fill(1));
    // From Monday 00:00, 6 operational hours take 5 wall hours on a weekday and 12 on a Saturday.
    // The weights average 1 over the week, so a weekday runs at 1.2 and a weekend day at 0.5.
    expect(profile.advance(0, 6)).toBeCloseTo(5, 9);
    expect(profile.advance(5 * 24, 6) - 5 * 24).toBeCloseTo(12, 9);
  });
});
