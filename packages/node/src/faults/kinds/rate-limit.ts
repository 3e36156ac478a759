import type { Admission, FaultKind } from "../fault-kind.js";
import { MAX_TIMER_MS } from "../max-timer.js";
import { standardErrorBody } from "@faultline/core";
import { goDuration } from "../../personas/go-duration.js";
import { WindowLimiter } from "../window-limiter.js";

/** Parameters of the rate-limit fault. */
export interface RateLimitParams {
  retryAfterMs?: number;
  limitRequests?: number;
  limitTokens?: number;
  enforce?: boolean;
}

/**
 * Tokens per minute advertised beside the request limit when none is given (OpenAI's tier-1 figure for its small
 * models).
 */
const DEFAULT_LIMIT_TOKENS = 200_000;
const DEFAULT_LIMIT_REQUESTS = 60;

/** The 429 in the node's own (OpenAI) form: Retry-After, retry-after-ms and x-ratelimit-* with Go-duration resets. */
function tooMany(retryMs: number, limitRequests: number, limitTokens: number, spent: "requests" | "tokens"): Admission {
  const headers = {
    "retry-after": String(Math.ceil(retryMs / 1000)),
    "retry-after-ms": String(Math.round(retryMs)),
    "x-ratelimit-limit-requests": String(limitRequests),
    "x-ratelimit-remaining-requests": spent === "requests" ? "0" : String(limitRequests),
    "x-ratelimit-reset-requests": spent === "requests" ? goDuration(retryMs) : "0s",
    "x-ratelimit-limit-tokens": String(limitTokens),
    "x-ratelimit-remaining-tokens": spent === "tokens" ? "0" : String(limitTokens),
    "x-ratelimit-reset-tokens": spent === "tokens" ? goDuration(retryMs) : "0s",
  };
  return { type: "respond", status: 429, body: standardErrorBody(429), headers };
}

/**
 * 429 with Retry-After and the x-ratelimit-* headers OpenAI sends. This is the node's own form; a node's persona turns
 * it into its provider's rate-limit answer. With `enforce`, only requests over the limits get it, counted the way the
 * persona's provider counts them (its windows, and what a request is charged in tokens).
 */
export const rateLimitFault: FaultKind<RateLimitParams> = {
  kind: "rate-limit",
  description:
    "429 rate_limit_exceeded with Retry-After (seconds, rounded up from retryAfterMs, default 1000), retry-after-ms " +
    "and x-ratelimit-* headers; with enforce, only requests over limitRequests (default 60) and limitTokens per " +
    "minute, counted by the persona's rules. On a persona node, that provider's rate-limit answer.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      retryAfterMs: { type: "number", minimum: 0, maximum: MAX_TIMER_MS },
      limitRequests: { type: "integer", minimum: 1 },
      limitTokens: { type: "integer", minimum: 1 },
      enforce: { type: "boolean" },
    },
  },
  apply: (p, host) => {
    const limitRequests = p.limitRequests ?? DEFAULT_LIMIT_REQUESTS;
    const limitTokens = p.limitTokens ?? DEFAULT_LIMIT_TOKENS;
    if (!p.enforce) {
      const verdict = tooMany(p.retryAfterMs ?? 1000, limitRequests, limitTokens, "requests");
      return { admit: () => verdict };
    }
    const limiter = new WindowLimiter(host.persona.limits, limitRequests, p.limitTokens);
    return {
      admit: (req) => {
        const refusal = limiter.take(req.promptTokens ?? 0, req.maxTokens ?? 0);
        return refusal ? tooMany(refusal.retryAfterMs, limitRequests, limitTokens, refusal.limit) : undefined;
      },
    };
  },
};
