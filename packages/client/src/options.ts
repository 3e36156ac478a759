import { FaultlineError, didYouMean, parseDuration } from "@faultline/core";
import {
  AT_LEAST_ONE_KEYS as AT_LEAST_ONE,
  COUNT_KEYS,
  DEFAULT_OPTIONS,
  DURATION_KEYS,
  ENUM_OPTIONS,
  FRACTION_KEYS as FRACTIONS,
  TEXT_KEYS,
  type ClientOptions,
} from "@faultline/contracts";
import { ClientErrorCodes } from "./errors.js";
import { presetFor } from "./strategies.js";

// The rules below are the ones CLIENT_OPTIONS_SCHEMA (@faultline/contracts) states for the validator.

function invalid(field: string, message: string): never {
  throw new FaultlineError(ClientErrorCodes.CONFIG_INVALID, `options.${field}: ${message}`, {
    field: `options.${field}`,
  });
}

function checkValue(key: keyof ClientOptions, value: unknown): unknown {
  const base = DEFAULT_OPTIONS[key];
  if (DURATION_KEYS.has(key)) return parseDuration(value, `options.${key}`);
  const words = ENUM_OPTIONS[key];
  if (words) {
    if (typeof value !== "string" || !words.includes(value))
      invalid(key, `${JSON.stringify(value)} is not one of ${words.join(", ")}`);
    return value;
  }
  if (key === "affinityHeader") {
    if (typeof value !== "string" || !/^[A-Za-z0-9-]+$/.test(value))
      invalid(key, `${JSON.stringify(value)} must be a header name (letters, digits and -), e.g. x-faultline-session`);
    return value.toLowerCase();
  }
  if (TEXT_KEYS.has(key)) {
    if (typeof value !== "string") invalid(key, `${JSON.stringify(value)} must be a file path (a string)`);
    return value;
  }
  if (typeof base === "string") {
    if (typeof value !== "string" || value.length === 0) invalid(key, `${JSON.stringify(value)} must be a text`);
    return value;
  }
  if (key === "weights") {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      invalid(key, "must be a map of endpoint name to weight, e.g. {primary: 3, backup: 1}");
    for (const [name, w] of Object.entries(value))
      if (typeof w !== "number" || !(w >= 0)) invalid(`${key}.${name}`, `${JSON.stringify(w)} must be a number >= 0`);
    return Object.freeze({ ...value });
  }
  if (typeof base === "boolean") {
    if (typeof value !== "boolean") invalid(key, `${JSON.stringify(value)} must be true or false`);
    return value;
  }
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    invalid(key, `${JSON.stringify(value)} must be a number >= 0`);
  if (COUNT_KEYS.has(key) && !Number.isInteger(value)) invalid(key, `${value} must be a whole number`);
  if (FRACTIONS.has(key) && value > 1) invalid(key, `${value} must be a fraction between 0 and 1`);
  if (AT_LEAST_ONE.has(key) && value < 1) invalid(key, `${value} must be at least 1`);
  return value;
}

/**
 * Resolves a strategy's options: base defaults, then the preset, then the
 * overrides. Validated once here; the result is frozen.
 */
export function resolveOptions(strategy: string, overrides: Record<string, unknown> = {}): ClientOptions {
  const preset = presetFor(strategy);
  const out: Record<string, unknown> = { ...DEFAULT_OPTIONS, ...preset };
  const known = Object.keys(DEFAULT_OPTIONS);
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_OPTIONS))
      invalid(key, `unknown option${didYouMean(key, known)}; known options are listed in docs/client.md`);
    out[key] = checkValue(key as keyof ClientOptions, value);
  }
  return Object.freeze(out) as unknown as ClientOptions;
}
