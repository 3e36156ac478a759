import type { TopLevelSpec } from "vega-lite";
import type { Point } from "./series.js";
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
 * shaded and labelled at its onset. Points and bands share one data array,
 * told apart by `layer`, so the spec stays one self-contained JSON file.
 */
export function timeSeriesSpec(o: TimeSeriesOptions): TopLevelSpec {
  const x = { type: "quantitative" as const, title: "time since pass start (s)" };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: o.title,
    config: vegaConfig(),
    data: {
      values: [
        ...o.attacks.map((a) => ({ ...a, labelY: a.slot * 12, layer: "attack" })),
        ...o.points.map((p) => ({ ...p, layer: "point" })),
      ],
    },
    facet: { row: { field: "strategy", type: "nominal", title: null, sort: o.strategies } },
    spec: {
      width: CHART_THEME.width,
      height: CHART_THEME.height,
      layer: [
        {
          transform: only("attack"),
          mark: { type: "rect", color: CHART_THEME.attackFill, opacity: CHART_THEME.attackOpacity },
          encoding: { x: { field: "start", ...x }, x2: { field: "end" } },
        },
        {
          transform: only("attack"),
          mark: { type: "text", align: "left", baseline: "top", dx: 3, dy: 3, fontSize: 10, color: "#a33b3b" },
          encoding: {
            x: { field: "start", ...x },
            y: { field: "labelY", type: "quantitative", scale: null },
            text: { field: "label" },
          },
        },
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
