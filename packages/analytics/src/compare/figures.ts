import { SUMMARY_FIGURES, comparedFigureKeys, type FigureUnit } from "@faultline/contracts";
import { READ_FIGURE } from "../figure-readers.js";
import type { PassSummary } from "../types.js";

/** A figure compared across runs: how to read it, and which way is better. */
export interface ComparedFigure {
  get: (p: PassSummary) => number | null;
  better: "higher" | "lower";
  unit: FigureUnit;
}

/**
 * The figures `compare` shows and can gate on (those with `compare: true` in
 * @faultline/contracts). Threshold values are in the figure's own unit
 * (shares as fractions, e.g. availability: 0.001 allows a drop of 0.1 point);
 * a change worse than the threshold is a regression.
 */
export const COMPARED_FIGURES: Readonly<Record<string, ComparedFigure>> = Object.freeze(
  Object.fromEntries(
    comparedFigureKeys().map((k) => [
      k,
      { get: READ_FIGURE[k], better: SUMMARY_FIGURES[k].better, unit: SUMMARY_FIGURES[k].unit },
    ])
  )
);

/** Formats a figure's value in its unit. */
export function formatFigure(unit: ComparedFigure["unit"], x: number | null): string {
  if (x === null) return "n/a";
  if (unit === "%") return `${(x * 100).toFixed(2)}%`;
  if (unit === "ms") return `${x.toFixed(1)}ms`;
  if (unit === "USD") return `$${x.toFixed(3)}`;
  return unit === "count" ? String(x) : x.toFixed(1);
}

/** Formats the change from `base` to `x`, in points for shares. */
export function formatChange(unit: ComparedFigure["unit"], base: number | null, x: number | null): string {
  if (base === null || x === null) return "";
  const d = x - base;
  const sign = d > 0 ? "+" : "";
  if (unit === "%") return `${sign}${(d * 100).toFixed(2)} pt`;
  const rel = base !== 0 ? ` (${sign}${((d / base) * 100).toFixed(0)}%)` : "";
  return `${sign}${formatFigure(unit, d).replace(/^\$-/, "-$")}${rel}`;
}
