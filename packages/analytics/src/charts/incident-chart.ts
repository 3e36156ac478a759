import type Database from "better-sqlite3";
import type { TopLevelSpec } from "vega-lite";
import type { Incident } from "../types.js";
import { CHART_THEME, vegaConfig } from "./theme.js";

/** Shape of the per-incident recovery view. */
export const INCIDENT_CHART = Object.freeze({
  bucketMs: 250,
  /** Shown before the onset, for the steady state to compare with. */
  beforeMs: 2000,
  /** Shown at most this long after the fault ends. */
  afterMs: 5000,
  /** Reports draw this many incident charts per run; later incidents get their figures only (rendering time). */
  maxCharts: 12,
  failedColour: "#D55E00", // vermillion: failure in every chart (theme.ts)
});

/**
 * The recovery view of one incident: requests per 250 ms by the node that
 * answered them, failures in dark red, the fault shaded and the detect,
 * notice and failover instants marked.
 */
export function incidentSpec(
  db: Database.Database,
  passId: number,
  x: Incident,
  nodeColours: { domain: string[]; range: string[] }
): TopLevelSpec {
  const onset = x.onsetMs!;
  const from = Math.max(0, onset - INCIDENT_CHART.beforeMs);
  const to = Math.min(x.windowEndMs!, x.endMs! + INCIDENT_CHART.afterMs);
  const b = INCIDENT_CHART.bucketMs;
  const rows = db
    .prepare(
      `SELECT CAST((scheduled_ms - @from) / @b AS INTEGER) AS i,
              CASE WHEN ok = 1 THEN COALESCE(served_by, '?') ELSE 'failed' END AS series, COUNT(*) AS n
       FROM requests WHERE pass_id = @pass AND scheduled_ms >= @from AND scheduled_ms < @to GROUP BY 1, 2 ORDER BY 1, 2`
    )
    .all({ pass: passId, from, to, b }) as Array<{ i: number; series: string; n: number }>;
  const bars = rows.map((r) => ({
    layer: "bar",
    t: (from + r.i * b) / 1000,
    t2: (from + (r.i + 1) * b) / 1000,
    series: r.series,
    value: r.n,
  }));
  const marks = [
    { name: "detected", at: x.timeToDetectMs },
    { name: "served by another node", at: x.timeToFailoverMs },
    { name: "client noticed", at: x.timeToNoticeMs },
  ]
    .filter((m) => m.at !== null)
    .map((m, i) => ({ layer: "mark", t: (onset + m.at!) / 1000, label: m.name, slot: i }));
  const colour = {
    domain: [...nodeColours.domain, "failed"],
    range: [...nodeColours.range, INCIDENT_CHART.failedColour],
  };
  const x2 = {
    type: "quantitative" as const,
    title: "time since pass start (s)",
    scale: { domain: [from / 1000, to / 1000] },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${x.attackId}: ${x.fault} on ${x.target} — requests per ${b} ms by the node that answered`,
    config: vegaConfig(),
    width: CHART_THEME.width,
    height: 160,
    data: { values: [{ layer: "fault", t: onset / 1000, t2: x.endMs! / 1000 }, ...bars, ...marks] },
    layer: [
      {
        transform: [{ filter: "datum.layer === 'fault'" }],
        mark: { type: "rect", color: CHART_THEME.attackFill, opacity: CHART_THEME.attackOpacity },
        encoding: { x: { field: "t", ...x2 }, x2: { field: "t2" } },
      },
      {
        // An explicit stack: a ranged-x bar would otherwise be drawn horizontally.
        transform: [
          { filter: "datum.layer === 'bar'" },
          { stack: "value", groupby: ["t"], sort: [{ field: "series", order: "ascending" }], as: ["v0", "v1"] },
        ],
        mark: { type: "rect", stroke: "white", strokeWidth: 0.5 },
        encoding: {
          x: { field: "t", ...x2 },
          x2: { field: "t2" },
          y: { field: "v0", type: "quantitative", title: "requests" },
          y2: { field: "v1" },
          color: { field: "series", type: "nominal", title: null, scale: colour },
        },
      },
      {
        transform: [{ filter: "datum.layer === 'mark'" }],
        mark: { type: "rule", strokeDash: [4, 3], color: "#333" },
        encoding: { x: { field: "t", ...x2 } },
      },
      {
        transform: [{ filter: "datum.layer === 'mark'" }, { calculate: "datum.slot * 12", as: "labelY" }],
        mark: { type: "text", align: "left", baseline: "top", dx: 3, fontSize: 10, color: "#333" },
        encoding: {
          x: { field: "t", ...x2 },
          y: { field: "labelY", type: "quantitative", scale: null },
          text: { field: "label" },
        },
      },
    ],
  } as TopLevelSpec;
}
