import type { Scorecard } from "../case-result.js";
import { CASE_GROUPS } from "../case.js";
import { VERDICT_ORDER } from "../verdicts.js";

/**
 * The scorecard as a terminal table: one row per case under its group, the
 * verdict, then the evidence on the lines below (never cut: it is the point).
 */
export function formatScorecard(s: Scorecard): string {
  const idWidth = Math.max(4, ...s.cases.map((c) => c.id.length + (c.required ? 2 : 0)));
  const lines = [`conformance of ${s.system}: ${s.cases.length} cases in ${(s.wallMs / 1000).toFixed(1)} s`, ""];
  lines.push(`${"case".padEnd(idWidth)}  ${"verdict".padEnd(8)}  evidence`);
  lines.push(`${"-".repeat(idWidth)}  ${"-".repeat(8)}  ${"-".repeat(40)}`);
  for (const group of CASE_GROUPS) {
    const rows = s.cases.filter((c) => c.group === group);
    if (rows.length === 0) continue;
    lines.push(`${group}:`);
    for (const c of rows) {
      const id = c.required ? `${c.id} *` : c.id;
      lines.push(`${id.padEnd(idWidth)}  ${c.verdict.padEnd(8)}  ${c.reason}`);
    }
  }
  lines.push("");
  lines.push(
    VERDICT_ORDER.map((v) => `${s.counts[v]} ${v}`).join(", ") +
      (s.cases.some((c) => c.required) ? "  (* required)" : "")
  );
  if (s.requiredFailed.length > 0) lines.push(`required cases that failed: ${s.requiredFailed.join(", ")}`);
  lines.push(`run folder: ${s.dir}`);
  return lines.join("\n");
}
