import type { TopLevelSpec } from "vega-lite";
import type { Point } from "./series.js";
import { LABEL_ROW_PX, placeLabels } from "./attack-labels.js";
import { CHART_THEME, vegaConfig } from "./theme.js";

/** An attack window to shade, in seconds since the pass start. */
export interface AttackBand {
  strategy: string;
  start: number;
  end: number;
  label: string;
  /** Row of the label (and timeline lane), so overlapping attacks stay readable. */
  slot: number;
}

/** Gives each attack the lowest slot not taken by an attack still active at its onset, per strategy. */
export function assignSlots(bands: Array<Omit<AttackBand, "slot">>): AttackBand[] {
  const active: AttackBand[] = [];
  return [...bands]
    .sort((a, b) => a.strategy.localeCompare(b.strategy) || a.start - b.start)
    .map((b) => {
      const taken = new Set(active.filter((a) => a.strategy === b.strategy && a.end > b.start).map((a) => a.slot));
      let slot = 0;
      while (taken.has(slot)) slot++;
      const band = { ...b, slot };
      active.push(band);
      return band;
    });
}

/** What a time-series chart shows. */
export interface TimeSeriesOptions {
  title: string;
  yTitle: string;
  points: Point[];
  attacks: AttackBand[];
  colour: { domain: string[]; range: string[] };
  strategies: string[];
  yLog?: boolean;
  mark?: "line" | "area";
}

const only = (layer: string) => [{ filter: `datum.layer === '${layer}'` }];

/**
 * A time series per pass (one row per strategy), with every attack window
 * shaded and labelled in a lane above its plot (attack-labels.ts). Points and
 * bands share one data array, told apart by `layer`, so the spec stays one
 * self-contained JSON file.
 */
export function timeSeriesSpec(o: TimeSeriesOptions): TopLevelSpec {
  const x = { type: "quantitative" as const, title: "time since pass start (s)" };
  // The labels' lane is laid out over [0, spanS]; the axis may round up past it (nice), never below.
  const spanS = Math.max(0, ...o.points.map((p) => p.t), ...o.attacks.map((a) => a.end));
  const labels = placeLabels(o.attacks, spanS, CHART_THEME.width);
  const rows = Math.max(0, ...labels.map((l) => l.labelRow + 1));
  const label = (align: "left" | "right") => ({
    transform: [...only("attack"), { filter: `datum.labelAlign === '${align}'` }],
    mark: { type: "text", align, baseline: "bottom", dx: align === "left" ? 2 : -2, fontSize: 10, color: "#a33b3b" },
    encoding: {
      x: { field: "labelX", ...x },
      y: { field: "labelY", type: "quantitative", scale: null },
      text: { field: "label" },
    },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: o.title,
    config: vegaConfig(),
    data: {
      values: [
        // Row 0 sits just above the plot's top edge, later rows above it.
        ...o.attacks.map((a, i) => ({
          ...a,
          ...labels[i],
          labelY: -2 - labels[i]!.labelRow * LABEL_ROW_PX,
          layer: "attack",
        })),
        ...o.points.map((p) => ({ ...p, layer: "point" })),
      ],
    },
    facet: { row: { field: "strategy", type: "nominal", title: null, sort: o.strategies } },
    // Each pass's label lane sits between its plot and the one above.
    spacing: { row: 16 + rows * LABEL_ROW_PX },
    spec: {
      width: CHART_THEME.width,
      height: CHART_THEME.height,
      layer: [
        {
          transform: only("attack"),
          mark: { type: "rect", color: CHART_THEME.attackFill, opacity: CHART_THEME.attackOpacity },
          encoding: { x: { field: "start", ...x, scale: { domain: [0, spanS], nice: true } }, x2: { field: "end" } },
        },
        label("left"),
        label("right"),
        {
          transform: only("point"),
          mark: { type: o.mark ?? "line", strokeWidth: 1.5, ...(o.mark === "area" ? { opacity: 0.7 } : {}) },
          encoding: {
            x: { field: "t", ...x },
            y: {
              field: "value",
              type: "quantitative",
              title: o.yTitle,
              ...(o.mark === "area" ? { stack: "zero" } : {}),
              scale: o.yLog ? { type: "symlog" } : { zero: true },
            },
            color: { field: "series", type: "nominal", title: null, scale: o.colour },
          },
        },
      ],
    },
  } as TopLevelSpec;
}
