import type { Summary } from "@faultline/analytics";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { sloJUnit } from "./junit.js";

/** A summary with only what sloJUnit reads: the scenario's name and the SLO checks. */
function summaryWith(checks: Summary["slo"]["checks"], verdict: Summary["slo"]["verdict"] = "fail"): Summary {
  return {
    run: { scenario: "paper & co" },
    slo: { gateStrategy: "active-passive", verdict, checks },
  } as unknown as Summary;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (n) => n === "testsuite" || n === "testcase",
});

describe("sloJUnit", () => {
  const xml = sloJUnit(
    summaryWith([
      { strategy: "none", name: "availability", threshold: ">= 99.5%", actual: 0.632282, ok: false },
      {
        strategy: "none",
        name: "failoverTime",
        threshold: "<= 5s",
        actual: null,
        ok: true,
        notApplicable: "no request failed over in this pass",
      },
      { strategy: "active-passive", name: "availability", threshold: ">= 99.5%", actual: 0.991, ok: false },
      { strategy: "active-passive", name: "failoverTime", threshold: "<= 5s", actual: 3800, ok: true },
    ])
  );
  const doc = parser.parse(xml) as {
    testsuites: {
      tests: string;
      failures: string;
      testsuite: Array<{ name: string; testcase: Array<Record<string, unknown>> }>;
    };
  };

  it("is well-formed XML, with the scenario's name escaped", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(doc.testsuites.testsuite[0]!.name).toBe("paper & co: none");
  });

  it("fails only the gate strategy's violated checks, with the actual value in the threshold's unit", () => {
    expect(doc.testsuites.failures).toBe("1");
    const gate = doc.testsuites.testsuite.find((s) => s.name === "paper & co: active-passive (gate)")!;
    expect(gate.testcase[0]!.failure).toMatchObject({ message: "availability was 99.10%, want >= 99.5%" });
    expect(gate.testcase[1]!["system-out"]).toBe("failoverTime was 3.80s");
  });

  it("lists other strategies' checks as skipped with their verdict, and says why a check was not applicable", () => {
    const none = doc.testsuites.testsuite[0]!.testcase;
    expect(none[0]!.skipped).toMatchObject({
      message: "not met (availability was 63.23%, want >= 99.5%); not the gate strategy (active-passive)",
    });
    expect(none[1]!.skipped).toMatchObject({ message: "not applicable: no request failed over in this pass" });
  });
});
