import type { Summary } from "@faultline/analytics";
import { formatSummaryTable, summaryRows, verdictLine } from "@faultline/analytics";
import stringWidth from "string-width";
import { fitTable } from "./fit.js";

/**
 * The summary table the CLI prints after `run` and `report`: the usual side-by-side table when it fits the terminal
 * (or when stdout is no terminal: a file, a pipe, CI's log), else one block per pass; the table is 130-190 columns
 * wide, which wraps into noise on an 80-column terminal.
 */
export function summaryTableFor(summary: Summary, columns: number | undefined): string {
  const wide = formatSummaryTable(summary);
  const widest = Math.max(...wide.split("\n").map((l) => stringWidth(l)));
  if (columns === undefined || widest <= columns) return wide;
  return `${fitTable(summaryRows(summary), columns)}\n\n${verdictLine(summary)}\n`;
}

/** The conversation lines printed under the table (output/session-lines.ts), loaded with it. */
export { sessionLines } from "./session-lines.js";
