import { FaultlineError, isDuration, parseDuration, parseThreshold, type Threshold } from "@faultline/core";
import type { FigureUnit } from "@faultline/contracts";
import { AnalyticsErrorCodes } from "../errors.js";

/**
 * A `compare` threshold, written in the SLO syntax: either the worsening allowed against the baseline
 * (`availability=0.1%`, `p99Ms=200ms`), or a bound every compared pass must meet (`availability=">= 99.5%"`).
 */
export type CompareThreshold =
  | { readonly kind: "worsening"; readonly limit: number; readonly text: string }
  | { readonly kind: "bound"; readonly threshold: Threshold; readonly text: string };

const OPERATOR = /^\s*(>=|<=|>|<)/;

/**
 * Parses one threshold for a figure of `unit`. Shares take `%` (or a bare fraction), times a duration (or bare
 * milliseconds), other figures a bare number; a unit that does not fit the figure is refused, so `mttrMs=0.1%`
 * cannot silently mean 0.001 ms. A number (the code API's form) is a worsening in the figure's own unit.
 */
export function parseCompareThreshold(figure: string, unit: FigureUnit, value: string | number): CompareThreshold {
  const field = `threshold ${figure}`;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw invalid(figure, unit, String(value));
    return { kind: "worsening", limit: value, text: String(value) };
  }
  if (OPERATOR.test(value)) {
    const rhs = value.replace(OPERATOR, "").trim();
    inUnit(figure, unit, rhs, value); // refuses a unit that does not fit; parseThreshold does the rest
    return { kind: "bound", threshold: parseThreshold(value, field), text: value.trim() };
  }
  const limit = inUnit(figure, unit, value.trim(), value);
  if (limit < 0) throw invalid(figure, unit, value);
  return { kind: "worsening", limit, text: value.trim() };
}

/** `text` in the figure's base unit (fractions for shares, ms for times), or a FAULTLINE_COMPARE_INVALID error. */
function inUnit(figure: string, unit: FigureUnit, text: string, whole: string): number {
  let n = NaN;
  if (text.endsWith("%")) n = unit === "%" ? Number(text.slice(0, -1)) / 100 : NaN;
  else if (/^\d+(\.\d+)?$/.test(text)) n = Number(text);
  else if (isDuration(text)) n = unit === "ms" ? parseDuration(text) : NaN;
  if (text === "" || !Number.isFinite(n)) throw invalid(figure, unit, whole);
  return n;
}

function invalid(figure: string, unit: FigureUnit, value: string): FaultlineError {
  const example =
    unit === "%"
      ? `${figure}=0.1% (a drop of at most 0.1 point) or ${figure}=">= 99.5%"`
      : unit === "ms"
        ? `${figure}=200ms (at most 200 ms worse) or ${figure}="<= 1500ms"`
        : `${figure}=5 (at most 5 worse, in ${unit}) or ${figure}="<= 5"`;
  return new FaultlineError(
    AnalyticsErrorCodes.FAULTLINE_COMPARE_INVALID,
    `threshold ${figure}: ${JSON.stringify(value)} is not a threshold for a figure in ${unit}; use ${example}`,
    { field: "threshold" }
  );
}
