import { parseDuration, parseRate } from "@faultline/core";
import { SCENARIO_DEFAULTS } from "./defaults.js";
import type { SessionSpec } from "./types.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw YAML, read after the schema and checks passed
type Raw = Record<string, any>;
type Range = { readonly min: number; readonly max: number };

function range(value: unknown, fallback: Range): Range {
  if (typeof value === "number") return Object.freeze({ min: value, max: value });
  if (value && typeof value === "object") {
    const r = value as { min: number; max: number };
    return Object.freeze({ min: r.min, max: r.max });
  }
  return fallback;
}

function thinkTime(value: unknown, timeScale: number): Range {
  const scale = (ms: number) => Math.round(ms * timeScale);
  if (value === undefined) {
    const d = SCENARIO_DEFAULTS.session.thinkTimeMs;
    return Object.freeze({ min: scale(d.min), max: scale(d.max) });
  }
  if (value !== null && typeof value === "object") {
    const r = value as { min: unknown; max: unknown };
    return Object.freeze({
      min: scale(parseDuration(r.min, "session.thinkTime.min")),
      max: scale(parseDuration(r.max, "session.thinkTime.max")),
    });
  }
  const ms = scale(parseDuration(value, "session.thinkTime"));
  return Object.freeze({ min: ms, max: ms });
}

/**
 * Resolves a class's `session:`. Think time is the one part the time scale shrinks (as it does the timeline):
 * the session rate, turns, tokens and the nodes' own latencies stay as written, so a compressed run still
 * measures real prefill and decode times.
 */
export function buildSession(raw: Raw | undefined, timeScale: number): SessionSpec | null {
  if (raw === undefined || raw === null) return null;
  const d = SCENARIO_DEFAULTS.session;
  return Object.freeze({
    count: typeof raw.count === "number" ? raw.count : null,
    rate: raw.rate === undefined ? null : parseRate(raw.rate, "session.rate"),
    turns: range(raw.turns, { min: 1, max: 1 }),
    thinkTimeMs: thinkTime(raw.thinkTime, timeScale),
    contextTokens: range(raw.context, d.contextTokens),
    userTokens: range(raw.userTokens, d.userTokens),
    api: raw.api ?? d.api,
  });
}
