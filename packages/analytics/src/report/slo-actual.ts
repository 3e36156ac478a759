import { formatMs } from "@faultline/core";
import type { SloCheck } from "../types.js";

/**
 * An SLO check's actual value in its threshold's own unit: `63.23%` beside `>= 99.5%`, `3.80s` beside `<= 5s`,
 * a bare number beside a bare number. The unit is read from the threshold the user wrote, so the page never shows
 * a raw fraction next to a percentage.
 */
export function formatSloActual(c: Pick<SloCheck, "threshold" | "actual">): string {
  if (c.actual === null) return "n/a";
  if (c.threshold.trim().endsWith("%")) return `${(c.actual * 100).toFixed(2)}%`;
  if (/\d\s*(ms|s|m|h)\s*$/.test(c.threshold)) return formatMs(c.actual);
  return Number.isInteger(c.actual) ? String(c.actual) : c.actual.toFixed(3);
}

/** The verdict mark of a check: ✓ met, ✗ violated, or "not applicable" when there was nothing to judge. */
export function sloMark(c: Pick<SloCheck, "ok" | "notApplicable">): string {
  if (c.notApplicable) return "not applicable";
  return c.ok ? "✓" : "✗";
}
