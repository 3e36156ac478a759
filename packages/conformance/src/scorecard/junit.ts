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
    const attrs =
      `classname="${esc(`conformance.${c.group}`)}" name="${esc(c.id)}" ` + `time="${(c.wallMs / 1000).toFixed(3)}"`;
    const props =
      `<properties><property name="verdict" value="${c.verdict}"/>` +
      `<property name="required" value="${c.required}"/>` +
      `<property name="property" value="${esc(c.property)}"/></properties>`;
    const body =
      c.verdict === "fail"
        ? `<failure message="${esc(c.reason)}" type="fail"/>`
        : c.verdict === "not-run"
          ? `<skipped message="${esc(c.reason)}"/>`
          : "";
    const where = c.runDir ? `\nevents.db: ${c.runDir}/events.db` : "";
    const out = `<system-out>${esc(`${c.verdict}: ${c.reason}${where}`)}</system-out>`;
    return `    <testcase ${attrs}>\n      ${props}\n      ${body}${out}\n    </testcase>`;
  });
  const counts = `tests="${s.cases.length}" failures="${failures}" skipped="${skipped}"`;
  const time = (s.wallMs / 1000).toFixed(3);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="faultline conformance" ${counts} time="${time}">\n` +
    `  <testsuite name="${esc(`conformance: ${s.system}`)}" ${counts} errors="0" ` +
    `timestamp="${s.startedAt}" time="${time}">\n` +
    `${cases.join("\n")}\n  </testsuite>\n</testsuites>\n`
  );
}
