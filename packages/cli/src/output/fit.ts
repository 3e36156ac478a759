import stringWidth from "string-width";

/**
 * Cuts a line to `width` terminal columns (measured with string-width: wide and combining characters, colour codes
 * ignored), ending with … when cut. Only for lines without colour codes; colour is added after fitting.
 */
export function fitLine(line: string, width: number): string {
  if (stringWidth(line) <= width) return line;
  let out = "";
  for (const ch of line) {
    if (stringWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + "…";
}

/**
 * A table as text that fits `width` columns: side by side when it fits, else one block per data column, each
 * `header: value` on its own line (the layout `kubectl describe` uses), so a narrow terminal never wraps a row.
 * The first column holds the row names; the first row the column names.
 */
export function fitTable(rows: readonly (readonly string[])[], width: number): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => stringWidth(r[c] ?? ""))));
  const wide = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  if (wide <= width)
    return rows
      .map((r) =>
        r
          .map((cell, c) => cell + " ".repeat(c === r.length - 1 ? 0 : widths[c]! - stringWidth(cell)))
          .join("  ")
          .trimEnd()
      )
      .join("\n");
  return vertical(rows, width);
}

function vertical(rows: readonly (readonly string[])[], width: number): string {
  const header = rows[0]!;
  const labelWidth = Math.max(...header.slice(1).map((h) => stringWidth(h)));
  return rows
    .slice(1)
    .map((r) =>
      [
        r[0]!,
        ...header
          .slice(1)
          .map((h, i) => fitLine(`  ${h}${" ".repeat(labelWidth - stringWidth(h))}  ${r[i + 1] ?? ""}`, width)),
      ].join("\n")
    )
    .join("\n\n");
}
