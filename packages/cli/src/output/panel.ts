import type pc from "picocolors";
import { endpointHealth, type ProgressSnapshot } from "@faultline/runner";
import { fitLine, fitTable } from "./fit.js";

/** A picocolors palette, switched on or off for the stream it writes to. */
type Colors = ReturnType<typeof pc.createColors>;

/**
 * The live panel's lines for one snapshot, none wider than `width` columns: the pass and its clock, the traffic,
 * then one row per endpoint (the client's view of its health and breaker beside the faults actually in effect on
 * it, so a dead node a `none` client never checks reads "unchecked" with its fault, not "up"). Colour is applied
 * after fitting, so widths are measured on plain text.
 */
export function panelLines(s: ProgressSnapshot, width: number, c: Colors): string[] {
  const pct = s.successRate === null ? "n/a" : `${(s.successRate * 100).toFixed(2)}%`;
  const remaining = Math.max(0, (s.durationMs - s.elapsedMs) / 1000).toFixed(1);
  const head = [
    `faultline  ${s.strategy}  ${(s.elapsedMs / 1000).toFixed(1)}s, ${remaining}s to go`,
    `  ${s.rate.toFixed(0)} req/s   ok (last 5s) ${pct}   ` +
      `p99 ${s.p99Ms === null ? "n/a" : `${s.p99Ms.toFixed(0)} ms`}   in flight ${s.inFlight}`,
    `  served by ${s.servedBy ?? "-"}   attacks: ${s.activeAttacks.join(", ") || "none"}`,
  ].map((l) => fitLine(l, width));
  const colourHead = [c.bold(head[0]!), head[1]!, head[2]!];
  if (s.endpoints.length === 0) return colourHead;
  const rows = [
    ["endpoint", "health", "breaker", "faults"],
    ...s.endpoints.map((e) => [e.name, endpointHealth(e), e.breaker, e.faults.join(", ") || "-"]),
  ];
  const table = fitTable(rows, width - 2)
    .split("\n")
    .map((l) => colourEndpointLine(`  ${l}`, c));
  return [...colourHead, ...table];
}

/** Colours the state words of an endpoint row: down and open red, up and closed green, unchecked and off dim. */
function colourEndpointLine(line: string, c: Colors): string {
  return line.replace(/\b(down|open|half-open|up|closed|unchecked|off)\b/g, (w) =>
    w === "down" || w === "open"
      ? c.red(w)
      : w === "half-open"
        ? c.yellow(w)
        : w === "up" || w === "closed"
          ? c.green(w)
          : c.dim(w)
  );
}
