import type { TopLevelSpec } from "vega-lite";
import type { Incident, Summary } from "../types.js";
import type { LaneSpan, Point } from "./series.js";
import type { AttackBand } from "./time-series-spec.js";
import { CHART_THEME, colourScale, vegaConfig } from "./theme.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const base = (title: string) => ({ $schema: SCHEMA, title, config: vegaConfig() });

/** Grouped bars: one group per `group`, in the order the rows give them (not alphabetical), one bar per `measure`. */
function groupedBars(
  title: string,
  yTitle: string,
  rows: Array<{ group: string; measure: string; value: number }>,
  measures: string[],
  format: string
): TopLevelSpec {
  return {
    ...base(title),
    data: { values: rows },
    width: { step: 28 },
    height: CHART_THEME.height,
    encoding: {
      x: {
        field: "group",
        type: "nominal",
        title: null,
        sort: [...new Set(rows.map((r) => r.group))],
        axis: { labelAngle: -20, labelAlign: "right" },
      },
      xOffset: { field: "measure", type: "nominal", sort: measures },
      y: { field: "value", type: "quantitative", title: yTitle },
      color: {
        field: "measure",
        type: "nominal",
        title: null,
        sort: measures,
        scale: colourScale(measures, CHART_THEME.seriesPalette),
      },
    },
    layer: [
      { mark: "bar" },
      {
        mark: { type: "text", dy: -6, fontSize: 10 },
        encoding: { text: { field: "value", type: "quantitative", format } },
      },
    ],
  } as TopLevelSpec;
}

/** Chart 2: availability per strategy, both definitions. */
export function availabilitySpec(s: Summary, labels: string[]): TopLevelSpec {
  const rows = s.passes.flatMap((p, i) => [
    { group: labels[i]!, measure: "successful requests", value: (p.availability.requests ?? 0) * 100 },
    { group: labels[i]!, measure: "time meeting SLO", value: (p.availability.time ?? 0) * 100 },
  ]);
  return groupedBars(
    "Availability per strategy (%)",
    "availability (%)",
    rows,
    ["successful requests", "time meeting SLO"],
    ".1f"
  );
}

/** Beyond this many incidents the chart shows each strategy's mean, not one group per incident. */
const MAX_INCIDENT_GROUPS = 24;

/** Chart 1: time to detect, fail over, recover and fail back, per incident and strategy (means when there are many). */
export function incidentTimesSpec(s: Summary, labels: string[]): TopLevelSpec {
  const measures = ["detect", "fail over", "MTTR", "fail back"];
  // No failback where nothing failed over: there was nothing to come back from.
  const pick = (x: Incident): Array<number | null> => [
    x.timeToDetectMs,
    x.timeToFailoverMs,
    x.mttrMs,
    x.timeToFailoverMs === null ? null : x.failbackMs,
  ];
  // In time order within each pass, as the incidents happened (attack ids sort alphabetically, not in time).
  const injected = s.passes.map((p) =>
    p.incidents.filter((x) => x.injected).sort((a, b) => (a.onsetMs ?? 0) - (b.onsetMs ?? 0))
  );
  const many = injected.reduce((n, xs) => n + xs.length, 0) > MAX_INCIDENT_GROUPS;
  const groups = injected.flatMap((xs, i) =>
    many
      ? [
          {
            group: `${labels[i]} (mean of ${xs.length})`,
            values: measures.map((_, m) => meanOf(xs.map((x) => pick(x)[m]!))),
          },
        ]
      : xs.map((x) => ({ group: `${labels[i]} · ${x.attackId}`, values: pick(x) }))
  );
  const rows = groups.flatMap((g) =>
    g.values.flatMap((v, m) => (v === null ? [] : [{ group: g.group, measure: measures[m]!, value: v / 1000 }]))
  );
  return groupedBars(
    `Failover and failback time per ${many ? "strategy, mean over incidents" : "incident"} (s)`,
    "seconds",
    rows,
    measures,
    ".2f"
  );
}

function meanOf(xs: Array<number | null>): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

/** Chart 6: cost per 1,000 successful requests, standby and wasted tokens per strategy. */
export function costSpec(s: Summary, labels: string[]): TopLevelSpec {
  const rows = s.passes.flatMap((p, i) => [
    { group: labels[i]!, measure: "per 1k successful requests", value: p.cost.per1kSuccessfulUsd ?? 0 },
    { group: labels[i]!, measure: "standby", value: p.cost.standbyUsd },
    { group: labels[i]!, measure: "wasted tokens", value: p.cost.wastedTokensUsd },
  ]);
  return groupedBars(
    "Cost per strategy (USD)",
    "USD",
    rows,
    ["per 1k successful requests", "standby", "wasted tokens"],
    ".3f"
  );
}

/** Chart 8: latency CDF per strategy, log latency axis. */
export function cdfSpec(points: Point[], labels: string[]): TopLevelSpec {
  return {
    ...base("Latency distribution (CDF) per strategy"),
    data: { values: points },
    width: CHART_THEME.width,
    height: CHART_THEME.height,
    mark: { type: "line", interpolate: "step-after", strokeWidth: 1.5 },
    encoding: {
      x: { field: "t", type: "quantitative", title: "latency, end - scheduled (ms, log)", scale: { type: "log" } },
      y: { field: "value", type: "quantitative", title: "share of requests", axis: { format: "%" } },
      color: { field: "series", type: "nominal", title: null, scale: colourScale(labels, CHART_THEME.strategyPalette) },
    },
  } as TopLevelSpec;
}

const STATE_COLOURS = colourScale(
  ["healthy", "closed", "half_open", "open", "unhealthy", "attack"],
  // Okabe & Ito (theme.ts): told apart with every common colour-vision deficiency.
  ["#009E73", "#56B4E9", "#F0E442", "#CC79A7", "#D55E00", "#999999"]
);

/** Chart 7: the incident timeline: health and breaker lanes per endpoint, attacks on top. */
export function timelineSpec(
  spans: LaneSpan[],
  attacks: AttackBand[],
  strategies: string[],
  endpoints: readonly string[] = []
): TopLevelSpec {
  const attackSpans = attacks.map((a) => ({
    strategy: a.strategy,
    lane: `attack ${a.slot + 1}`,
    state: "attack",
    start: a.start,
    end: a.end,
    label: a.label,
  }));
  const rows = [...attackSpans, ...spans.map((x) => ({ ...x, label: "" }))];
  const maxEnd = Math.max(0, ...rows.map((r) => r.end));
  // One chart per strategy, stacked, each with its own lanes and data (a `none` pass has no health or breaker
  // lanes, not empty copies of another's) and its name above it, level (rotated at the side, the names of short rows
  // overprinted each other). A shared x domain keeps the passes comparable.
  return {
    ...base("Incident timeline: health and breaker states, attacks on top"),
    vconcat: strategies
      .filter((st) => rows.some((r) => r.strategy === st))
      .map((st) => ({
        title: { text: st, fontSize: 12, anchor: "start" },
        width: CHART_THEME.width,
        data: { values: rows.filter((r) => r.strategy === st) },
        layer: [
          {
            mark: { type: "bar", height: { band: 0.7 } },
            encoding: {
              y: { field: "lane", type: "nominal", title: null, sort: laneOrder(attacks, endpoints) },
              x: {
                field: "start",
                type: "quantitative",
                title: "time since pass start (s)",
                scale: { domain: [0, maxEnd] },
              },
              x2: { field: "end" },
              color: { field: "state", type: "nominal", title: "state", scale: STATE_COLOURS },
            },
          },
          {
            // Dark, so the part of a label longer than its bar stays readable on the white beyond it.
            mark: { type: "text", align: "left", dx: 2, fontSize: 9, color: "#111111" },
            encoding: {
              y: { field: "lane", type: "nominal", sort: laneOrder(attacks, endpoints) },
              x: { field: "start", type: "quantitative" },
              text: { field: "label" },
            },
          },
        ],
      })),
  } as TopLevelSpec;
}

/** Lanes top to bottom: the attacks, then each endpoint's health and breaker in client order (not alphabetical). */
function laneOrder(attacks: AttackBand[], endpoints: readonly string[]): string[] {
  const slots = [...new Set(attacks.map((a) => a.slot))].sort((a, b) => a - b).map((s) => `attack ${s + 1}`);
  return [...slots, ...endpoints.flatMap((e) => [`${e} health`, `${e} breaker`])];
}
