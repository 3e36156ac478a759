import { formatMs } from "@faultline/core";

/** A share as a percentage with enough digits for "three nines". */
export const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? "n/a" : `${(x * 100).toFixed(x >= 0.99 && x < 1 ? 3 : 1)}%`;
/** Milliseconds for people, "n/a" when absent. */
export const dur = (x: number | null | undefined): string => (x === null || x === undefined ? "n/a" : formatMs(x));
/** Dollars with cents, or finer below one cent. */
export const usd = (x: number | null | undefined): string =>
  x === null || x === undefined ? "n/a" : `$${x < 0.1 ? x.toFixed(4) : x.toFixed(2)}`;
/** A number with fixed decimals, "n/a" when absent. */
export const fixed = (x: number | null | undefined, d = 1): string =>
  x === null || x === undefined ? "n/a" : x.toFixed(d);

/** Lays rows out as an aligned plain-text table (first row is the header). */
export function textTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** Lays rows out as a Markdown table (first row is the header). */
export function markdownTable(rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  return [
    `| ${rows[0]!.map(esc).join(" | ")} |`,
    `|${rows[0]!.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
    ...rows.slice(1).map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}
