import { describe, expect, it } from "vitest";
import type { CaseResult, Scorecard } from "../case-result.js";
import { scorecardJunit } from "./junit.js";
import { formatScorecard } from "./terminal.js";

const row = (id: string, verdict: CaseResult["verdict"], reason: string): CaseResult => ({
  id,
  group: "stream faults",
  title: id,
  property: "a <property> & more",
  verdict,
  reason,
  required: id === "b",
  requests: 10,
  runDir: verdict === "not-run" ? null : `/tmp/run/${id}`,
  wallMs: 1234,
  persona: null,
});

const card: Scorecard = {
  system: "gw",
  startedAt: "2026-12-01T00:00:00.000Z",
  wallMs: 5000,
  dir: "/tmp/run",
  cases: [
    row("a", "pass", "fine"),
    row("b", "fail", 'cut "passed" <on>'),
    row("c", "not-run", "not measured: faults landed late"),
  ],
  counts: { pass: 1, partial: 0, safe: 0, fail: 1, "not-run": 1 },
  requiredFailed: ["b"],
};

describe("the scorecard's outputs", () => {
  it("writes JUnit XML with a failure per fail and a skip per not-run, escaped", () => {
    const xml = scorecardJunit(card);
    expect(xml).toMatch(/<testsuites name="faultline conformance" tests="3" failures="1" skipped="1"/);
    expect(xml).toContain(`<testcase classname="conformance.stream faults" name="b" time="1.234">`);
    expect(xml).toContain(`<failure message="cut &quot;passed&quot; &lt;on&gt;" type="fail"/>`);
    expect(xml).toContain(`<skipped message="not measured: faults landed late"/>`);
    expect(xml).toContain(`<property name="property" value="a &lt;property&gt; &amp; more"/>`);
    expect(xml).not.toMatch(/<on>/);
  });

  it("prints a table with each verdict and its evidence, and the required cases that failed", () => {
    const text = formatScorecard(card);
    expect(text).toMatch(/^b \*\s+fail\s+cut "passed" <on>$/m);
    expect(text).toMatch(/1 pass, 0 partial, 0 safe, 1 fail, 1 not-run/);
    expect(text).toMatch(/required cases that failed: b/);
  });
});
