import { vegaConfig } from "@faultline/analytics";
import type { FleetResult } from "../fleet-result.js";
import type { MonthStream } from "../month-stream.js";
import type { CapturedMonth } from "../capture-month.js";
import type { Fleet } from "../types.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/**
 * The downtime CDF: the share of months with at most x minutes of downtime, read from the streamed histogram, with
 * the naive closed form and the simulated mean and p95 marked. x is symlog: most months have seconds, the tail hours.
 */
export function downtimeCdfSpec(result: FleetResult, stream: MonthStream): Record<string, unknown> {
  const points: Array<{ minutes: number; share: number }> = [];
  for (let p = 0; p <= 100; p += 0.25)
    points.push({ minutes: stream.downtimeMs.getValueAtPercentile(p) / 60_000, share: p / 100 });
  const marks = [
    {
      label: `naive 1 − Π(1 − Aᵢ): ${fmt(result.closedForm.nominal.downtimeMinPerMonth)}`,
      minutes: result.closedForm.nominal.downtimeMinPerMonth,
    },
    { label: `simulated mean: ${fmt(result.downtimeMin.mean.value)}`, minutes: result.downtimeMin.mean.value },
    { label: `simulated p95: ${fmt(result.downtimeMin.p95.value)}`, minutes: result.downtimeMin.p95.value },
  ];
  return {
    $schema: SCHEMA,
    title: `${result.fleet}: monthly downtime, ${result.months.toLocaleString("en-US")} simulated months`,
    config: vegaConfig(),
    width: 720,
    height: 260,
    layer: [
      {
        data: { values: points },
        mark: { type: "line", interpolate: "step-after", color: "#4e79a7" },
        encoding: {
          x: {
            field: "minutes",
            type: "quantitative",
            title: "downtime in the month (minutes, symlog)",
            scale: { type: "symlog", constant: 0.1 },
            axis: { values: [0, 0.1, 1, 10, 60, 600, 6000], format: "~g" },
          },
          y: { field: "share", type: "quantitative", title: "share of months", axis: { format: "%" } },
        },
      },
      {
        data: { values: marks },
        mark: { type: "rule", strokeDash: [4, 3] },
        encoding: {
          x: { field: "minutes", type: "quantitative" },
          color: {
            field: "label",
            type: "nominal",
            title: null,
            scale: { range: ["#e15759", "#59a14f", "#f28e2b"] },
            legend: { orient: "bottom-right" },
          },
        },
      },
    ],
  };
}

/** Stretches shorter than this are drawn this wide, so a 30 s detection is visible on a 30-day axis. */
const MIN_BAR_H = 2;

/** The captured month as a timeline: each unit's incidents by impact level, and the fleet's downtime by cause. */
export function monthTimelineSpec(fleet: Fleet, month: CapturedMonth, label: string): Record<string, unknown> {
  const rows = [
    ...(month.tally.impairments ?? []).map((i) => ({
      row: fleet.units[i.unit]!.id,
      start: i.startH / 24,
      end: Math.max(i.endH, i.startH + MIN_BAR_H) / 24,
      what: `incident: ${i.level}${i.origin === "own" ? "" : ` (${i.origin})`}`,
    })),
    ...(month.tally.downtime ?? []).map((d) => ({
      row: "fleet downtime",
      start: d.startH / 24,
      end: Math.max(d.endH, d.startH + MIN_BAR_H) / 24,
      what: `downtime: ${d.cause}`,
    })),
  ];
  return {
    $schema: SCHEMA,
    title:
      `${label}: ${fmt(month.tally.downtimeH * 60)} of downtime, ` +
      `${month.tally.incidents} incidents (bars under 2 h drawn 2 h wide)`,
    config: vegaConfig(),
    width: 720,
    height: { step: 22 },
    data: { values: rows },
    mark: { type: "bar", minBandWidth: 1 },
    encoding: {
      y: { field: "row", type: "nominal", title: null, sort: [...fleet.units.map((u) => u.id), "fleet downtime"] },
      x: {
        field: "start",
        type: "quantitative",
        title: "day of the month",
        scale: { domain: [0, fleet.monthHours / 24] },
      },
      x2: { field: "end" },
      color: { field: "what", type: "nominal", title: null, legend: { orient: "right" } },
    },
  };
}

function fmt(min: number): string {
  return min < 1 ? `${(min * 60).toPrecision(2)} s` : `${min.toFixed(1)} min`;
}
