import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempRuns, tempRunDir, writeTwoStrategyRun } from "./hand-run.fixture.js";
import { judgeSlo } from "./slo.js";
import { computeSummary } from "./summary.js";

afterAll(removeTempRuns);

describe("judgeSlo on a pass that never failed over", () => {
  const dir = tempRunDir();
  writeTwoStrategyRun(dir);
  const { passes } = computeSummary(join(dir, "events.db"));
  const { checks } = judgeSlo(
    { failoverTime: { op: "<=", value: 5000, text: "<= 5s" } },
    passes,
    "active-passive",
    true
  );

  it("calls the failover-time SLO not applicable on the none pass, saying it lost requests all the same", () => {
    const none = checks.find((c) => c.strategy === "none")!;
    expect(none.actual).toBeNull();
    expect(none.notApplicable).toMatch(/^no request failed over in this pass, yet it lost \d+ request\(s\)/);
  });

  it("judges it on the pass that did fail over", () => {
    const ap = checks.find((c) => c.strategy === "active-passive")!;
    expect(ap.actual).not.toBeNull();
    expect(ap.notApplicable).toBeUndefined();
  });
});
