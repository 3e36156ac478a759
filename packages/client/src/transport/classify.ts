import type { FailureClass } from "@faultline/contracts";
import type { Disposition } from "../attempt.js";

/** How a non-2xx upstream answer is classed and handled. */
export interface HttpFailure {
  errorClass: FailureClass;
  disposition: Disposition;
  error: string;
}

const CONTEXT_LENGTH = /context_length_exceeded|maximum context length|context window/i;
// An account out of money or quota, in each provider's words: OpenAI's (and Azure's) insufficient_quota, Anthropic's
// spend limit (a 429 rate_limit_error whose details say enforced_spend_limit_reached, with no retry-after), Bedrock's
// ServiceQuotaExceededException (400). No wait within a request fixes these, so they are never retried there.
const QUOTA = /insufficient_quota|enforced_spend_limit_reached|ServiceQuotaExceededException/;
// Anthropic's 529: the API is overloaded for everyone, not this endpoint alone.
const OVERLOADED = /overloaded_error/;
const CONTENT_POLICY = /content_policy|content_filter|content policy|safety/i;

/**
 * Classes a failed HTTP status, its body text and (for Bedrock, whose exception name is a header) its
 * x-amzn-ErrorType: what to tell the caller and whether to try elsewhere.
 */
export function classifyHttp(status: number, text: string, amznErrorType = ""): HttpFailure {
  const reason = errorMessage(text) ?? `status ${status}`;
  if (status === 429 || status === 400 || status === 403) {
    if (QUOTA.test(text) || QUOTA.test(amznErrorType))
      return { errorClass: "quota", disposition: "retry", error: `quota exhausted: ${reason}` };
  }
  if (status === 529 || (status >= 500 && OVERLOADED.test(text)))
    return { errorClass: "overloaded", disposition: "retry", error: `provider overloaded (${status}): ${reason}` };
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

function errorMessage(text: string): string | null {
  try {
    const json = JSON.parse(text) as unknown;
    // Gemini's OpenAI-compatible endpoint may wrap its error in a one-element array; AWS sends a bare {message}.
    const parsed = (Array.isArray(json) ? json[0] : json) as {
      error?: { message?: unknown } | string;
      message?: unknown;
    };
    if (typeof parsed.error === "string") return parsed.error;
    if (parsed.error && typeof parsed.error.message === "string") return parsed.error.message;
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    /* not JSON: fall through to the raw text */
  }
  return text ? text.slice(0, 200) : null;
}
