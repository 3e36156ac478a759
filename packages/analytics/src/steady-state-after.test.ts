import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempRuns, tempRunDir, writeMainRun } from "./hand-run.fixture.js";
import { formatSummaryTable } from "./report/summary-table.js";
import { computeSummary } from "./summary.js";

afterAll(removeTempRuns);

/**
 * The hand-built 20 s run with a steady-state hypothesis. Its last injected fault ends at 9 s; with the 10 s
 * recovery grace, the recovered window is 19-20 s: ten requests.
 */
function runWithHypothesis(options: { lastFailureMs?: number } = {}) {
  const dir = tempRunDir();
  writeMainRun(dir, options);
  const db = new Database(join(dir, "events.db"));
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('steady_state', ?), ('complete', '1')").run(
    JSON.stringify({ availability: { op: ">=", value: 0.99, text: ">= 99%" } })
  );
  db.close();
  return computeSummary(join(dir, "events.db"));
}

describe("the steady state, checked again after recovery", () => {
  it("holds when the requests after the recovery grace succeed, as a verdict of its own", () => {
    const s = runWithHypothesis();
    const after = s.slo.checks.find((c) => c.name === "steadyStateAfterRecovery.availability")!;
    expect(after).toMatchObject({ actual: 1, ok: true });
    expect(s.slo.afterRecovery).toBe("held");
    expect(formatSummaryTable(s)).toMatch(/steady state after recovery: HELD\n$/);
  });

  it("is broken when the system has not come back, a verdict apart from the SLO's", () => {
    // Failures run on to 19.5 s: six of the ten requests of the recovered window (19.0-19.5 s) fail.
    const s = runWithHypothesis({ lastFailureMs: 19_500 });
    const after = s.slo.checks.find((c) => c.name === "steadyStateAfterRecovery.availability")!;
    expect(after).toMatchObject({ actual: 0.4, ok: false });
    expect(s.slo.afterRecovery).toBe("broken");
    expect(s.slo.checks.find((c) => c.name === "availability")!.ok).toBe(false); // the outage's own SLO check
    expect(formatSummaryTable(s)).toMatch(
      /steady state after recovery: BROKEN \(steadyStateAfterRecovery\.availability 40\.00% \(want >= 99%\)\)\n$/
    );
  });

  it("is not applicable, saying why, when the pass ends within the grace after the last fault", () => {
    const dir = tempRunDir();
    writeMainRun(dir);
    const db = new Database(join(dir, "events.db"));
    db.prepare("UPDATE attacks SET reverted_ms = 15000 WHERE attack_id = 'outage'").run();
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('steady_state', ?)").run(
      JSON.stringify({ availability: { op: ">=", value: 0.99, text: ">= 99%" } })
    );
    db.close();
    const s = computeSummary(join(dir, "events.db"));
    const after = s.slo.checks.find((c) => c.name === "steadyStateAfterRecovery.availability")!;
    expect(after.notApplicable).toMatch(
      /^the pass ended less than 10 s \(the recovery grace\) after its last fault ended at 15\.0 s/
    );
    expect(s.slo.afterRecovery).toBe("not applicable");
  });
});
