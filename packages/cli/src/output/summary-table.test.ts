import { join } from "node:path";
import { computeSummary, formatSummaryTable } from "@faultline/analytics";
import stringWidth from "string-width";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempRuns, tempRunDir, writeTwoStrategyRun } from "../../../analytics/src/hand-run.fixture.js";
import { summaryTableFor } from "./summary-table.js";

afterAll(removeTempRuns);

describe("summaryTableFor", () => {
  const dir = tempRunDir();
  writeTwoStrategyRun(dir);
  const summary = computeSummary(join(dir, "events.db"));

  it("prints the usual table whole when stdout is not a terminal", () => {
    expect(summaryTableFor(summary, undefined)).toBe(formatSummaryTable(summary));
  });

  it("lays each pass out vertically on an 80-column terminal, no line wider than 80", () => {
    const out = summaryTableFor(summary, 80);
    for (const line of out.split("\n")) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(out).toMatch(/^none\n {2}view +white\n {2}requests +\d+\n {2}availability +\d+\.\d%/);
    expect(out).toMatch(/\nactive-passive \(gate\)\n/);
    expect(out).toMatch(/SLO verdict for active-passive: /);
  });
});
