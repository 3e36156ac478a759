import { CoreErrorCodes, FaultlineError } from "./errors.js";

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration such as `250ms`, `8s`, `1.5m` or `1h` into milliseconds.
 * A bare number is taken as milliseconds, the unit every API in faultline uses.
 */
export function parseDuration(value: unknown, field = "duration"): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === "string") {
    const m = DURATION.exec(value);
    if (m) return Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  throw new FaultlineError(
    CoreErrorCodes.DURATION_INVALID,
    `${field}: ${JSON.stringify(value)} is not a duration (use 8s, 250ms, 1m)`,
    { field }
  );
}

/** True when `value` is a string or number that parseDuration accepts. */
export function isDuration(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0;
  return typeof value === "string" && DURATION.test(value);
}

const RATE = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(s|m|min)\s*$/;

/** Parses an arrival rate such as `100/s` or `600/m` into requests per second. */
export function parseRate(value: unknown, field = "rate"): number {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  if (typeof value === "string") {
    const m = RATE.exec(value);
    if (m) return m[2] === "s" ? Number(m[1]) : Number(m[1]) / 60;
  }
  throw new FaultlineError(
    CoreErrorCodes.RATE_INVALID,
    `${field}: ${JSON.stringify(value)} is not a rate (use 100/s or 600/m)`,
    { field }
  );
}

/** A comparison against a limit, e.g. `>= 99.9%` or `<= 1500ms`. */
export interface Threshold {
  readonly op: ">=" | "<=" | ">" | "<";
  /** The limit in base units: a fraction (0..1) for percentages, milliseconds for durations. */
  readonly value: number;
  /** The text the user wrote, kept for messages and reports. */
  readonly text: string;
}

const THRESHOLD = /^\s*(>=|<=|>|<)\s*(.+?)\s*$/;

/**
 * Parses an SLO threshold. `>= 99.9%` becomes {op: ">=", value: 0.999};
 * `<= 1500ms` becomes {op: "<=", value: 1500}; a plain number stays as it is.
 */
export function parseThreshold(value: unknown, field = "threshold"): Threshold {
  const fail = (): never => {
    throw new FaultlineError(
      CoreErrorCodes.THRESHOLD_INVALID,
      `${field}: ${JSON.stringify(value)} is not a threshold (use ">= 99.9%" or "<= 1500ms")`,
      { field }
    );
  };
  if (typeof value !== "string") return fail();
  const m = THRESHOLD.exec(value);
  if (!m) return fail();
  const op = m[1] as Threshold["op"];
  const rhs = m[2]!;
  let limit: number;
  if (rhs.endsWith("%")) limit = Number(rhs.slice(0, -1)) / 100;
  else if (/^\d+(\.\d+)?$/.test(rhs)) limit = Number(rhs);
  else limit = DURATION.test(rhs) ? parseDuration(rhs, field) : NaN;
  if (!Number.isFinite(limit)) return fail();
  return { op, value: limit, text: value.trim() };
}

/** Whether `actual` satisfies the threshold. */
export function meetsThreshold(actual: number, t: Threshold): boolean {
  switch (t.op) {
    case ">=":
      return actual >= t.value;
    case "<=":
      return actual <= t.value;
    case ">":
      return actual > t.value;
    case "<":
      return actual < t.value;
  }
}

/** Formats milliseconds for people: 950ms, 3.8s, 2m05s. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;
}
