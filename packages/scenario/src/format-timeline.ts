import { formatMs } from "@faultline/core";
import type { Scenario } from "./types.js";

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
        .join("  ")
        .trimEnd()
    )
    .join("\n");
}

function params(p: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(p).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return parts.join(" ") || "-";
}

/** The resolved timeline as a table, for `faultline run --dry-run`. */
export function formatTimeline(s: Scenario): string {
  const timeScale = s.timeScale !== undefined && s.timeScale !== 1 ? `  time scale ${s.timeScale}` : "";
  const rate = s.load.rate === s.load.rateEnd ? `${s.load.rate}/s` : `${s.load.rate}/s -> ${s.load.rateEnd}/s`;
  const where = (n: Scenario["nodes"][number]): string =>
    n.cloud ? ` (${n.cloud}${n.region ? `/${n.region}` : ""})` : "";
  const header = [
    `scenario ${s.name} (${s.file})`,
    `duration ${formatMs(s.durationMs)}  seed ${s.seed}  strategies ${s.strategies.join(", ")}${timeScale}`,
    `load ${rate} ${s.load.arrival}, stream ${Math.round(s.load.stream * 100)}%`,
    `nodes ${s.nodes.map((n) => `${n.name}${where(n)}`).join(", ")}`,
  ];
  if (s.attacks.length === 0) return [...header, "", "no attacks"].join("\n");
  const rows = [["at", "until", "target", "fault", "params", "id"]];
  for (const a of s.attacks) {
    rows.push([
      formatMs(a.atMs),
      a.durationMs === null ? "end" : formatMs(a.atMs + a.durationMs),
      a.target,
      a.fault,
      params(a.params),
      a.id,
    ]);
  }
  return [...header, "", table(rows), "", `${s.attacks.length} attack(s)`].join("\n");
}
