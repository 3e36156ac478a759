import type { Scorecard } from "../case-result.js";

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/**
 * The scorecard as JUnit XML for CI: one testcase per case (classname = its
 * group). `fail` is a <failure>, `not-run` is <skipped>; pass, partial and
 * safe pass, with the verdict and evidence in <system-out> and properties.
 */
export function scorecardJunit(s: Scorecard): string {
  const failures = s.cases.filter((c) => c.verdict === "fail").length;
  const skipped = s.cases.filter((c) => c.verdict === "not-run").length;
  const cases = s.cases.map((c) => {
    const attrs = `classname="${esc(`conformance.${c.group}`)}" name="${esc(c.id)}" time="${(c.wallMs / 1000).toFixed(3)}"`;
    const props =
      `<properties><property name="verdict" value="${c.verdict}"/>` +
      `<property name="required" value="${c.required}"/><property name="property" value="${esc(c.property)}"/></properties>`;
    const body =
      c.verdict === "fail"
        ? `<failure message="${esc(c.reason)}" type="fail"/>`
        : c.verdict === "not-run"
          ? `<skipped message="${esc(c.reason)}"/>`
          : "";
    const out = `<system-out>${esc(`${c.verdict}: ${c.reason}${c.runDir ? `\nevents.db: ${c.runDir}/events.db` : ""}`)}</system-out>`;
    return `    <testcase ${attrs}>\n      ${props}\n      ${body}${out}\n    </testcase>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="faultline conformance" tests="${s.cases.length}" failures="${failures}" skipped="${skipped}" time="${(s.wallMs / 1000).toFixed(3)}">\n` +
    `  <testsuite name="${esc(`conformance: ${s.system}`)}" tests="${s.cases.length}" failures="${failures}" skipped="${skipped}" errors="0" timestamp="${s.startedAt}" time="${(s.wallMs / 1000).toFixed(3)}">\n` +
    `${cases.join("\n")}\n  </testsuite>\n</testsuites>\n`
  );
}
