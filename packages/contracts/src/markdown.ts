/**
 * The rows of the first markdown table after `heading` in `doc`, as arrays of
 * trimmed cells (header and separator rows dropped). The docs-sync tests read
 * the docs' tables with it and compare them with the tables in this package.
 */
export function tableAfter(doc: string, heading: string): string[][] {
  const lines = doc.split("\n");
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("#") && !inTable) break;
    if (line.startsWith("|")) {
      inTable = true;
      rows.push(
        line
          .slice(1, line.trimEnd().endsWith("|") ? line.trimEnd().length - 1 : undefined)
          .split(" | ")
          .map((c) => c.trim())
      );
    } else if (inTable) break;
  }
  return rows.slice(2);
}

/** The backquoted words of a cell: "`hedge_start`, `hedge_winner`" gives both. */
export function codeWords(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}
