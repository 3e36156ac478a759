import { FaultlineError, isDuration, parseDuration } from "@faultline/core";
import { FleetErrorCodes } from "./errors.js";

/**
 * Parses `--time-scale 1h=10s` (month time = scenario time) into the factor scenario ms per month ms. The issue's
 * example plays an hour of the month in ten seconds: a 30-day month in two hours.
 */
export function parseTimeScale(value: string, field = "--time-scale"): number {
  const [from, to, ...rest] = value.split("=");
  if (rest.length === 0 && isDuration(from?.trim()) && isDuration(to?.trim())) {
    const a = parseDuration(from!.trim(), field);
    const b = parseDuration(to!.trim(), field);
    if (a > 0 && b > 0) return b / a;
  }
  throw new FaultlineError(
    FleetErrorCodes.FAULTLINE_FLEET_INVALID,
    `${field}: "${value}" is not <month time>=<scenario time> with both above 0 (e.g. 1h=10s)`,
    { field }
  );
}

/** Parses `--export-month p95` into 0.95. */
export function parsePercentile(value: string, field = "--export-month"): number {
  const m = /^p(\d+(?:\.\d+)?)$/.exec(value.trim());
  const q = m ? Number(m[1]) / 100 : NaN;
  if (q >= 0 && q <= 1) return q;
  throw new FaultlineError(
    FleetErrorCodes.FAULTLINE_FLEET_INVALID,
    `${field}: "${value}" is not a percentile (use p50, p95, p99)`,
    {
      field,
    }
  );
}
