import { parseThreshold } from "@faultline/core";
import type { StopCondition } from "@faultline/scenario";
import { describe, expect, it } from "vitest";
import { LatencyWindow } from "./latency-window.js";
import { OutcomeWindow } from "./outcome-window.js";
import { stopReason, type LiveWindows } from "./stop-conditions.js";

const condition = (key: StopCondition["key"], threshold: string, windowMs = 5000): StopCondition => ({
  key,
  threshold: parseThreshold(threshold),
  windowMs,
});

/**
 * Five seconds of 100 requests a second: 10% failing, successes at 40 ms, then one second where every answer
 * takes 3 s.
 */
function windows(): LiveWindows {
  const w = { outcomes: new OutcomeWindow(), latency: new LatencyWindow(), ttft: new LatencyWindow() };
  for (let t = 0; t < 6000; t += 10) {
    const slow = t >= 5000;
    w.outcomes.record(t, t % 100 !== 0);
    w.latency.record(t, slow ? 3000 : 40);
    w.ttft.record(t, slow ? 2500 : 20);
  }
  return w;
}

describe("stopReason", () => {
  it("stops on a p99 over the window, naming the figure, the threshold and the value", () => {
    expect(stopReason([condition("p99", "> 2000ms", 2000)], windows(), 5990)).toMatch(
      /^stop condition: p99 > 2000ms over 2000 ms \(was 30\d\dms\)$/
    );
  });

  it("reads a share for errorRate and availability", () => {
    const w = windows();
    expect(stopReason([condition("errorRate", ">= 10%")], w, 5990)).toMatch(
      /errorRate >= 10% over 5000 ms \(was 10\.00%\)/
    );
    expect(stopReason([condition("availability", "< 95%")], w, 5990)).toMatch(/availability < 95% .*\(was 90\.00%\)/);
    expect(stopReason([condition("availability", "< 80%")], w, 5990)).toBeNull();
  });

  it("reads time to first token for ttftP99", () => {
    expect(stopReason([condition("ttftP99", "> 1s", 1000)], windows(), 5990)).toMatch(
      /ttftP99 > 1s .*\(was 25\d\dms\)/
    );
  });

  it("waits for a whole window before judging, and says nothing about a p99 below its threshold", () => {
    expect(stopReason([condition("errorRate", ">= 10%", 5000)], windows(), 4000)).toBeNull();
    expect(stopReason([condition("p99", "> 5s", 2000)], windows(), 5990)).toBeNull();
  });
});
