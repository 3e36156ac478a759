import { isDuration, parseDuration } from "@faultline/core";

/** An optional duration in ms; structure.ts has already reported malformed ones, so they read as absent. */
export function optionalMs(value: unknown): number | undefined {
  return isDuration(value) ? parseDuration(value) : undefined;
}
