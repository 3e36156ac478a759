/** Response headers as undici gives them. */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Seconds or an HTTP-date (RFC 9110 Retry-After), as ms from `nowWallMs`; null when neither. */
function secondsOrDate(value: string | undefined, nowWallMs: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowWallMs) : null;
}

const GO_UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};
const GO_PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;

/** A Go duration ("6m0s", "1.5s", "20ms", "1h2m3s"), OpenAI's x-ratelimit-reset-* form, in ms; null when not one. */
export function parseGoDuration(value: string | undefined): number | null {
  if (!value || !/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(value.trim())) return null;
  let ms = 0;
  for (const [, n, unit] of value.trim().matchAll(GO_PART)) ms += Number(n) * GO_UNIT_MS[unit!]!;
  return ms;
}

/**
 * The longest reset among the limits a response says are spent (remaining 0): OpenAI's x-ratelimit-reset-* (Go
 * durations) and Anthropic's anthropic-ratelimit-*-reset (RFC 3339 times). When no remaining header is sent, every
 * reset given counts. Anthropic's SDK derives its wait the same way when retry-after is missing
 * (anthropic-sdk-typescript issue 357).
 */
function spentLimitReset(headers: ResponseHeaders, nowWallMs: number): number | null {
  let wait: number | null = null;
  for (const [name, raw] of Object.entries(headers)) {
    const m = /^(x-ratelimit|anthropic-ratelimit)-(?:reset-(.+)|(.+)-reset)$/.exec(name);
    if (!m) continue;
    const limit = m[2] ?? m[3]!;
    const remaining = first(
      headers[m[1] === "x-ratelimit" ? `x-ratelimit-remaining-${limit}` : `anthropic-ratelimit-${limit}-remaining`]
    );
    if (remaining !== undefined && Number(remaining) > 0) continue;
    const value = first(raw);
    const ms = m[1] === "x-ratelimit" ? parseGoDuration(value) : secondsOrDate(value, nowWallMs);
    if (ms !== null) wait = Math.max(wait ?? 0, ms);
  }
  return wait;
}

/** google.protobuf.Duration's JSON form ("47s", "55.576865699s"), in ms; null when not one. */
function protoDuration(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return m ? Number(m[1]) * 1000 : null;
}

/**
 * Gemini's wait: `RetryInfo.retryDelay` among the error's details (Google's error model, AIP-193), in the object or
 * the one-element-array form the OpenAI-compatible endpoint sometimes wraps it in. Hours for a daily quota.
 */
function retryInfoDelay(bodyText: string): number | null {
  if (!bodyText.includes("RetryInfo")) return null;
  try {
    const parsed = JSON.parse(bodyText) as unknown;
    const root = (Array.isArray(parsed) ? parsed[0] : parsed) as { error?: { details?: unknown } } | undefined;
    const details = root?.error?.details;
    if (!Array.isArray(details)) return null;
    for (const d of details as Array<Record<string, unknown>>) {
      if (typeof d?.["@type"] === "string" && d["@type"].endsWith("google.rpc.RetryInfo"))
        return protoDuration(d.retryDelay);
    }
  } catch {
    /* not JSON: no RetryInfo */
  }
  return null;
}

/**
 * How long the provider asked us to wait, in ms, or null when it did not say. In order of precision:
 * `retry-after-ms` (OpenAI, Azure), `Retry-After` in seconds or as an HTTP-date (RFC 9110; Anthropic, Azure),
 * Gemini's RetryInfo.retryDelay in the body, then the reset of a spent limit (x-ratelimit-reset-*,
 * anthropic-ratelimit-*-reset).
 */
export function retryAfterMs(headers: ResponseHeaders, bodyText: string, nowWallMs = Date.now()): number | null {
  const msHeader = first(headers["retry-after-ms"]);
  const ms = Number(msHeader);
  if (msHeader !== undefined && msHeader.trim() !== "" && Number.isFinite(ms) && ms >= 0) return ms;
  return (
    secondsOrDate(first(headers["retry-after"]), nowWallMs) ??
    retryInfoDelay(bodyText) ??
    spentLimitReset(headers, nowWallMs)
  );
}
