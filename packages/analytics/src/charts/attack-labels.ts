import type { AttackBand } from "./time-series-spec.js";

/** Pixels a label row takes in the lane above a time series. */
export const LABEL_ROW_PX = 13;
/**
 * Width of one character of a 10 px attack label, a little over DejaVu Sans' average (about 6 px),
 * so an estimated label is never shorter than the drawn one.
 */
const CHAR_PX = 6.4;
/** Room kept between two labels on one row. */
const GAP_PX = 8;

/** Where an attack's label is drawn: its x (seconds), which side of it the text runs, and its row in the lane. */
export interface PlacedLabel {
  labelX: number;
  labelAlign: "left" | "right";
  labelRow: number;
}

/**
 * Places each attack's label in the lane above the plot, not inside it, where it overprinted the
 * data and its neighbours: the text starts at the attack's onset, or ends at the plot's right edge
 * when it would run past it (it was cut there), on the lowest row where it overlaps no other label
 * of its pass. Widths are estimated from the character count and the pixels a second takes.
 */
export function placeLabels(bands: readonly AttackBand[], spanS: number, widthPx: number): PlacedLabel[] {
  const sPerPx = spanS > 0 ? spanS / widthPx : 0;
  const rows = new Map<string, Array<Array<[number, number]>>>();
  return bands.map((b) => {
    const width = (b.label.length * CHAR_PX + GAP_PX) * sPerPx;
    const right = b.start + width > spanS;
    const from = right ? spanS - width : b.start;
    const taken = rows.get(b.strategy) ?? [];
    rows.set(b.strategy, taken);
    let row = taken.findIndex((spans) => spans.every(([lo, hi]) => from + width <= lo || from >= hi));
    if (row < 0) row = taken.push([]) - 1;
    taken[row]!.push([from, from + width]);
    return { labelX: right ? spanS : b.start, labelAlign: right ? "right" : "left", labelRow: row };
  });
}
