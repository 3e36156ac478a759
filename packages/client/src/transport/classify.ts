import type { FailureClass } from "@faultline/contracts";
import type { Disposition } from "../attempt.js";

/** How a non-2xx upstream answer is classed and handled. */
export interface HttpFailure {
  errorClass: FailureClass;
  disposition: Disposition;
  error: string;
}

const CONTEXT_LENGTH = /context_length_exceeded|maximum context length|context window/i;
const CONTENT_POLICY = /content_policy|content_filter|content policy|safety/i;

/** Classes a failed HTTP status and its body text: what to tell the caller and whether to try elsewhere. */
export function classifyHttp(status: number, text: string): HttpFailure {
  const reason = errorMessage(text) ?? `status ${status}`;
  if (status === 429) return { errorClass: "http_429", disposition: "retry", error: `rate limited: ${reason}` };
  if (status >= 500) return { errorClass: "http_5xx", disposition: "retry", error: `upstream ${status}: ${reason}` };
  // The same request to the same model will fail again; only a larger window can help.
  if (status === 400 && CONTEXT_LENGTH.test(text))
    return { errorClass: "http_4xx", disposition: "larger_context", error: `context_length_exceeded: ${reason}` };
  // A policy refusal is the provider's answer: pass its reason through, never retry.
  if (CONTENT_POLICY.test(text))
    return { errorClass: "http_4xx", disposition: "final", error: `content policy: ${reason}` };
  if (status === 408) return { errorClass: "timeout", disposition: "retry", error: reason };
  return { errorClass: "http_4xx", disposition: "final", error: `upstream ${status}: ${reason}` };
}

/** Parses retry-after-ms (OpenAI's) or Retry-After (seconds or an HTTP date) into milliseconds, or null. */
export function parseRetryAfter(
  header: string | string[] | undefined,
  nowWallMs = Date.now(),
  msHeader?: string | string[]
): number | null {
  const ms = Number(Array.isArray(msHeader) ? msHeader[0] : msHeader);
  if (msHeader !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowWallMs) : null;
}

function errorMessage(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string };
    if (typeof parsed.error === "string") return parsed.error;
    if (parsed.error && typeof parsed.error.message === "string") return parsed.error.message;
  } catch {
    /* not JSON: fall through to the raw text */
  }
  return text ? text.slice(0, 200) : null;
}
