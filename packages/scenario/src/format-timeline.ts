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

const span = (r: { min: number; max: number }, unit = ""): string =>
  r.min === r.max ? `${r.min}${unit}` : `${r.min}-${r.max}${unit}`;

/** The load line(s): the open-model rate when any class uses it, and one line per conversation class. */
function loadLines(s: Scenario): string[] {
  const classes = s.load.classes ?? [];
  const conversations = classes.filter((c) => c.session);
  const rate = s.load.rate === s.load.rateEnd ? `${s.load.rate}/s` : `${s.load.rate}/s -> ${s.load.rateEnd}/s`;
  const open =
    conversations.length > 0 && conversations.length === classes.length
      ? []
      : [`load ${rate} ${s.load.arrival}, stream ${Math.round(s.load.stream * 100)}%`];
  return [
    ...open,
    ...conversations.map((c) => {
      const x = c.session!;
      const how = x.count !== null ? `${x.count} sessions` : `sessions at ${x.rate}/s`;
      const stream = Math.round(c.stream * 100);
      return (
        `conversations ${c.name}: ${how} of ${span(x.turns)} turns, think ${span(x.thinkTimeMs, " ms")}, ` +
        `context ${span(x.contextTokens)} + ${span(x.userTokens)} tokens a turn, stream ${stream}%` +
        (x.api === "responses" ? ", over the Responses API (previous_response_id)" : "")
      );
    }),
  ];
}

/** The resolved timeline as a table, for `faultline run --dry-run`. */
export function formatTimeline(s: Scenario): string {
  const timeScale = s.timeScale !== undefined && s.timeScale !== 1 ? `  time scale ${s.timeScale}` : "";
  const where = (n: Scenario["nodes"][number]): string =>
    n.cloud ? ` (${n.cloud}${n.region ? `/${n.region}` : ""})` : "";
  const header = [
    `scenario ${s.name} (${s.file})`,
    `duration ${formatMs(s.durationMs)}  seed ${s.seed}  strategies ${s.strategies.join(", ")}${timeScale}`,
    ...loadLines(s),
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
