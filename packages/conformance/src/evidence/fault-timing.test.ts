import { describe, expect, it } from "vitest";
import { evidence } from "../hand-evidence.test-util.js";
import { faultTimingProblem } from "./fault-timing.js";

const fault = (startMs: number | null, revertedMs: number | null = 2000) => ({
  attacks: [
    { attackId: "attack-0", target: "primary", fault: "disable", plannedMs: 500, startMs, endMs: 2000, revertedMs },
  ],
});

describe("whether a case's faults happened as planned", () => {
  it("accepts a fault active for at least half its planned window", () => {
    expect(faultTimingProblem(evidence([], fault(505)))).toBeNull();
    expect(faultTimingProblem(evidence([], fault(1200)))).toBeNull();
  });

  it("says which fault landed too late to be measured, and by how much", () => {
    expect(faultTimingProblem(evidence([], fault(1400)))).toBe(
      "disable on primary (attack-0) was injected 900 ms late and was active 600 ms of its planned 1500 ms"
    );
  });

  it("says which fault was not injected at all", () => {
    expect(faultTimingProblem(evidence([], fault(null, null)))).toBe("disable on primary (attack-0) was not injected");
  });
});
