import { ANALYTICS_DEFAULTS } from "./defaults.js";

const roundTo = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

/** Milliseconds as stored in summary.json: rounded so the bytes do not depend on float noise. */
export const ms = (x: number): number => roundTo(x, ANALYTICS_DEFAULTS.msDecimals);
/** A milliseconds figure that may be absent. */
export const msOrNull = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : ms(x);
/** A share 0..1 as stored in summary.json. */
export const frac = (x: number): number => roundTo(x, ANALYTICS_DEFAULTS.fractionDecimals);
/** A share that may be absent (e.g. success rate of a pass with no requests). */
export const fracOrNull = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : frac(x);
/** A rate or money figure: 3 decimals. */
export const num = (x: number): number => roundTo(x, 3);
/** A ratio a / b, or null when b is 0. */
export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
