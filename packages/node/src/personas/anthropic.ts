import { randomBytes } from "node:crypto";
import {
  PER_MINUTE,
  jsonReply,
  limitOf,
  problemOf,
  retryMsOf,
  sseFrame,
  wholeSeconds,
  type NodeError,
  type Persona,
} from "./persona.js";

// Anthropic's error types by status (https://docs.anthropic.com/en/api/errors, "HTTP errors").
const TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/** A request id in Anthropic's form (req_ and 24 base62-ish characters, e.g. req_018EeWyXxfu5pfWkrYcMdjWG). */
export function anthropicRequestId(): string {
  return `req_01${randomBytes(18).toString("base64url").replace(/[-_]/g, "x").slice(0, 22)}`;
}

/** `{type:"error", error:{type,message}, request_id}`: the shape of every Anthropic error body. */
function envelope(type: string, message: string, requestId: string, details?: Record<string, unknown>): unknown {
  return { type: "error", error: { type, message, ...(details ? { details } : {}) }, request_id: requestId };
}

function render(e: NodeError): { status: number; body: unknown; headers: Record<string, string> } {
  const id = anthropicRequestId();
  const headers: Record<string, string> = { "request-id": id };
  switch (problemOf(e)) {
    case "rate_limit": {
      const ms = retryMsOf(e) ?? 1000;
      const reset = new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
      const limit = String(limitOf(e, 50));
      Object.assign(headers, {
        "retry-after": wholeSeconds(ms),
        "anthropic-ratelimit-requests-limit": limit,
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": reset,
        "anthropic-ratelimit-tokens-limit": "80000",
        "anthropic-ratelimit-tokens-remaining": "0",
        "anthropic-ratelimit-tokens-reset": reset,
      });
      const msg = `This request would exceed the rate limit for your organization of ${limit} requests per minute.`;
      return { status: 429, body: envelope("rate_limit_error", msg, id), headers };
    }
    case "quota":
      // The monthly spend limit: a 429 of the same type, with no retry-after, that no wait within a request fixes.
      return {
        status: 429,
        body: envelope(
          "rate_limit_error",
          "You have reached your specified API usage limits. " +
            "You will regain access on the first of next month at 00:00 UTC.",
          id,
          { error_code: "enforced_spend_limit_reached" }
        ),
        headers,
      };
    case "overloaded":
    case "not_ready": {
      // A 529 may carry retry-after ("use it if it's there"): kept when the fault named a wait.
      const ms = retryMsOf(e);
      if (ms !== null) headers["retry-after"] = wholeSeconds(ms);
      return { status: 529, body: envelope("overloaded_error", "Overloaded", id), headers };
    }
    case "server":
    case "timeout":
      return { status: 500, body: envelope("api_error", "Internal server error", id), headers };
    case "context_length":
      return {
        status: 400,
        body: envelope("invalid_request_error", `prompt is too long: ${e.body.error.message}`, id),
        headers,
      };
    case "invalid":
      return {
        status: e.status,
        body: envelope(TYPE_BY_STATUS[e.status] ?? "invalid_request_error", e.body.error.message, id),
        headers,
      };
  }
}

/** Anthropic: its error envelope, 529 for overload, anthropic-ratelimit-* headers, and the Messages API. */
export const anthropicPersona: Persona = {
  name: "anthropic",
  description:
    "Anthropic's API: `{type:error}` envelopes, 529 overloaded_error, anthropic-ratelimit-* headers with RFC 3339 " +
    "resets, a spend-limit 429 without retry-after, request-id, and POST /v1/messages with its SSE events.",
  sources: [
    "https://docs.anthropic.com/en/api/errors",
    "https://docs.anthropic.com/en/api/rate-limits",
    "https://docs.anthropic.com/en/docs/build-with-claude/streaming",
    "https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/client.ts",
  ],
  limits: PER_MINUTE,
  reply: (e) => {
    const r = render(e);
    return jsonReply(r.status, r.body, r.headers);
  },
  responseHeaders: () => ({ "request-id": anthropicRequestId() }),
  // Mid-stream, Anthropic sends `event: error` with the same envelope (its streaming docs' example is overloaded).
  streamError: (e) => sseFrame(render(e).body, "error"),
};
