import { PER_MINUTE, jsonReply, problemOf, retryMsOf, sseFrame, type NodeError, type Persona } from "./persona.js";

/** A daily quota resets at midnight Pacific; without a reset from the fault, a wait of hours stands for it. */
const DAILY_RESET_MS = 6 * 3_600_000;

// google.rpc.Code names by HTTP status (https://cloud.google.com/apis/design/errors, "Error codes").
const STATUS_NAME: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** google.protobuf.Duration's JSON form, as RetryInfo.retryDelay carries it ("47s", "1.5s"). */
function protoDuration(ms: number): string {
  return `${Number((Math.max(0, ms) / 1000).toFixed(3))}s`;
}

function quotaFailure(quotaId: string, model: string): unknown {
  return {
    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
    violations: [
      {
        quotaMetric: "generativelanguage.googleapis.com/generate_content_requests",
        quotaId,
        quotaDimensions: { location: "global", model },
      },
    ],
  };
}

function retryInfo(ms: number): unknown {
  return { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: protoDuration(ms) };
}

/** `{error:{code,message,status,details}}`: Google's error model (AIP-193). */
function envelope(code: number, message: string, details?: unknown[]): unknown {
  return { error: { code, message, status: STATUS_NAME[code] ?? "UNKNOWN", ...(details ? { details } : {}) } };
}

/** Gemini's text for a 429, rate limit or daily quota alike: only the retry delay differs. */
const quotaMessage = (ms: number): string =>
  "You exceeded your current quota, please check your plan and billing details. " +
  `Please retry in ${protoDuration(ms)}.`;

function render(e: NodeError): { status: number; body: unknown } {
  switch (problemOf(e)) {
    case "rate_limit": {
      const ms = retryMsOf(e) ?? 1000;
      const msg = quotaMessage(ms);
      return {
        status: 429,
        body: envelope(429, msg, [
          quotaFailure("GenerateRequestsPerMinutePerProjectPerModel", "gemini"),
          retryInfo(ms),
        ]),
      };
    }
    case "quota": {
      const ms = e.resetAfterMs ?? DAILY_RESET_MS;
      const msg = quotaMessage(ms);
      return {
        status: 429,
        body: envelope(429, msg, [quotaFailure("GenerateRequestsPerDayPerProjectPerModel", "gemini"), retryInfo(ms)]),
      };
    }
    case "overloaded":
    case "not_ready":
      return { status: 503, body: envelope(503, "The model is overloaded. Please try again later.") };
    case "timeout":
      return { status: 504, body: envelope(504, "Deadline expired before operation could complete.") };
    case "server":
      return {
        status: 500,
        body: envelope(500, "An internal error has occurred. Please retry or report the problem."),
      };
    case "context_length":
      return {
        status: 400,
        body: envelope(
          400,
          `The input token count exceeds the maximum number of tokens allowed. ${e.body.error.message}`
        ),
      };
    case "invalid":
      return { status: e.status, body: envelope(e.status, e.body.error.message) };
  }
}

/** Gemini's OpenAI-compatible endpoint: Google's error model with RetryInfo, no Retry-After header. */
export const geminiPersona: Persona = {
  name: "gemini",
  description:
    "Gemini's OpenAI-compatible API: `{error:{code,status,details}}` envelopes, 429 RESOURCE_EXHAUSTED with " +
    "RetryInfo.retryDelay in the body (hours for a daily quota) and no Retry-After header, 503 UNAVAILABLE.",
  sources: [
    "https://ai.google.dev/gemini-api/docs/troubleshooting",
    "https://ai.google.dev/gemini-api/docs/rate-limits",
    "https://cloud.google.com/apis/design/errors",
    "https://github.com/googleapis/googleapis/blob/master/google/rpc/error_details.proto",
  ],
  limits: PER_MINUTE,
  reply: (e) => {
    const r = render(e);
    return jsonReply(r.status, r.body);
  },
  streamError: (e) => sseFrame(render(e).body),
};
