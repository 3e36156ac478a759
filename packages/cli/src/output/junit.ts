import type { Summary } from "@faultline/analytics";
import { formatSloActual } from "@faultline/analytics";

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/**
 * The SLO verdicts as JUnit XML, the format CI systems (GitHub Actions reporters, GitLab, Jenkins) show as tests:
 * one suite per strategy, one test case per check. Only the gate strategy's checks can fail, as only they decide
 * the exit status; the other strategies' checks (the `none` baseline that is meant to lose requests) are listed as
 * skipped with their actual value, so the CI page shows them without turning red. A check with nothing to judge is
 * skipped with the reason.
 */
export function sloJUnit(summary: Summary): string {
  const scenario = summary.run.scenario ?? "scenario";
  const strategies = [...new Set(summary.slo.checks.map((c) => c.strategy))];
  const suites = strategies.map((strategy) => {
    const checks = summary.slo.checks.filter((c) => c.strategy === strategy);
    const gates = strategy === summary.slo.gateStrategy;
    const failures = gates ? checks.filter((c) => !c.ok && !c.notApplicable).length : 0;
    const skipped = gates ? checks.filter((c) => c.notApplicable).length : checks.length;
    const gate = gates ? " (gate)" : "";
    const cases = checks.map((c) => {
      const name = `${c.name} ${c.threshold}`;
      const open = `    <testcase classname="${esc(`faultline.${scenario}.${strategy}`)}" name="${esc(name)}">`;
      const actual = formatSloActual(c);
      const skip = (why: string) => `${open}\n      <skipped message="${esc(why)}"/>\n    </testcase>`;
      if (c.notApplicable) return skip(`not applicable: ${c.notApplicable}`);
      const verdict = `${c.name} was ${actual}, want ${c.threshold}`;
      if (!gates)
        return skip(`${c.ok ? "met" : "not met"} (${verdict}); not the gate strategy (${summary.slo.gateStrategy})`);
      if (!c.ok) return `${open}\n      <failure message="${esc(verdict)}" type="SloViolated"/>\n    </testcase>`;
      return `${open}\n      <system-out>${esc(`${c.name} was ${actual}`)}</system-out>\n    </testcase>`;
    });
    return (
      `  <testsuite name="${esc(`${scenario}: ${strategy}${gate}`)}" tests="${checks.length}" failures="${failures}" ` +
      `skipped="${skipped}" errors="0">\n${cases.join("\n")}\n  </testsuite>`
    );
  });
  const tests = summary.slo.checks.length;
  const failures = summary.slo.checks.filter(
    (c) => c.strategy === summary.slo.gateStrategy && !c.ok && !c.notApplicable
  ).length;
  const incomplete =
    summary.slo.verdict === "incomplete" ? `\n  <!-- the run was cut short: figures cover the data recorded -->` : "";
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${esc(`faultline ${scenario}`)}" tests="${tests}" failures="${failures}">${incomplete}\n` +
    `${suites.join("\n")}\n</testsuites>\n`
  );
}
