import type { Summary } from "../types.js";
import { FIGURE_DEFINITIONS, FIGURE_NAMES } from "./definitions.js";
import { markdownTable } from "./format.js";
import { PAPER_CITATION, paperComparison } from "./paper.js";
import { summaryMarkdownTable, verdictLine } from "./summary-table.js";
import { blackBoxRows } from "./black-box-table.js";
import { RESIDENCY_NOTE, residencyRows } from "./residency-table.js";
import { TIER_NOTE, tierRows } from "./tier-table.js";
import { SESSION_NOTE, sessionRows } from "./session-table.js";
import { shardIncidentLines, shardsLine } from "../shards.js";

const cell = (x: number | null, unit: string) => (x === null ? "n/a" : `${x}${unit === "%" ? "%" : ` ${unit}`}`);

/** summary.md: the verdict, the table, the paper comparison and the definitions, to paste into a pull request. */
export function summaryMarkdown(s: Summary): string {
  const parts = [
    `# faultline run: ${s.run.scenario ?? "unnamed scenario"}${s.run.complete ? "" : " (incomplete)"}`,
    "",
    `**${verdictLine(s)}**`,
    "",
    ...(s.run.shards
      ? [shardsLine(s.run.shards), ...shardIncidentLines(s.run.shards).map((l) => `-${l.slice(1)}`), ""]
      : []),
    summaryMarkdownTable(s),
    "",
  ];
  const blackBox = blackBoxRows(s);
  if (blackBox)
    parts.push(
      "## Seen from outside: the caller and the nodes",
      "",
      FIGURE_DEFINITIONS.view,
      "",
      markdownTable(blackBox),
      ""
    );
  const residency = residencyRows(s);
  if (residency) parts.push("## Residency", "", RESIDENCY_NOTE, "", markdownTable(residency), "");
  const tiers = tierRows(s);
  if (tiers) parts.push("## Degradation tiers", "", TIER_NOTE, "", markdownTable(tiers), "");
  const sessions = sessionRows(s);
  if (sessions) parts.push("## Conversations", "", SESSION_NOTE, "", markdownTable(sessions), "");
  const paper = paperComparison(s);
  if (paper) {
    parts.push(
      "## Beside the paper",
      "",
      `${PAPER_CITATION} Its figures beside this run's: its "manual / single-cloud" column against our ` +
        '`none` pass, "proposed" against `active-passive`.',
      "",
      markdownTable([
        ["figure", "paper manual", "ours none", "paper proposed", "ours active-passive"],
        ...paper.map((r) => [
          r.name,
          cell(r.paperManual, r.unit),
          cell(r.oursManual, r.unit),
          cell(r.paperProposed, r.unit),
          cell(r.oursProposed, r.unit),
        ]),
      ]),
      ""
    );
  }
  parts.push("<details><summary>Definitions</summary>", "");
  for (const [k, v] of Object.entries(FIGURE_DEFINITIONS))
    parts.push(`- **${FIGURE_NAMES[k as keyof typeof FIGURE_DEFINITIONS]}**: ${v}`);
  parts.push("", "</details>", "");
  return parts.join("\n");
}
