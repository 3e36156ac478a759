import { FaultlineError, isDuration, parseDuration } from "@faultline/core";
import { CliErrorCodes } from "./errors.js";

/** Parses a numeric flag, rejecting anything that is not a finite number within range. */
export function numberFlag(name: string, min: number, max = Number.POSITIVE_INFINITY): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
      const range = max === Number.POSITIVE_INFINITY ? `a number >= ${min}` : `a number from ${min} to ${max}`;
      throw new FaultlineError(CliErrorCodes.USAGE, `--${name}: "${value}" is not valid (use ${range})`, {
        field: `--${name}`,
      });
    }
    return n;
  };
}

/** Parses a duration flag (`2s`, `500ms`, `1m`) into milliseconds, up to `maxMs`. */
export function durationFlag(name: string, maxMs: number): (value: string) => number {
  return (value) => {
    const ms = isDuration(value) ? parseDuration(value) : NaN;
    if (!(ms <= maxMs))
      throw new FaultlineError(
        CliErrorCodes.USAGE,
        `--${name}: "${value}" is not valid (use a duration with its unit, from 0s to ${maxMs / 60_000}m: 2s, 500ms)`,
        { field: `--${name}` }
      );
    return ms;
  };
}

/** Parses a TCP port flag (0 = any free port). */
export const portFlag =
  (name = "port") =>
  (value: string): number => {
    const n = numberFlag(name, 0, 65535)(value);
    if (!Number.isInteger(n))
      throw new FaultlineError(
        CliErrorCodes.USAGE,
        `--${name}: "${value}" is not a port (use a whole number from 0 to 65535)`,
        { field: `--${name}` }
      );
    return n;
  };

/** Collects repeatable `name=value` flags into a list of pairs. */
export function pairFlag(name: string) {
  return (value: string, previous: Array<[string, string]> = []): Array<[string, string]> => {
    const i = value.indexOf("=");
    if (i <= 0 || i === value.length - 1)
      throw new FaultlineError(CliErrorCodes.USAGE, `--${name}: "${value}" is not name=value`, { field: `--${name}` });
    return [...previous, [value.slice(0, i), value.slice(i + 1)]];
  };
}
