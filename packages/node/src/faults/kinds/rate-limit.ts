import type { FaultKind } from "../fault-kind.js";
import { MAX_TIMER_MS } from "../max-timer.js";
import { standardErrorBody } from "@faultline/core";

/** Parameters of the rate-limit fault. */
export interface RateLimitParams {
  retryAfterMs?: number;
  limitRequests?: number;
}

/** 429 with Retry-After and the x-ratelimit-* headers OpenAI sends. */
export const rateLimitFault: FaultKind<RateLimitParams> = {
  kind: "rate-limit",
  description:
    "429 rate_limit_exceeded with Retry-After (seconds, rounded up from retryAfterMs, default " +
    "1000) and x-ratelimit-* headers.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      retryAfterMs: { type: "number", minimum: 0, maximum: MAX_TIMER_MS },
      limitRequests: { type: "integer", minimum: 1 },
    },
  },
  apply: (p) => {
    const retryMs = p.retryAfterMs ?? 1000;
    const headers = {
      "retry-after": String(Math.ceil(retryMs / 1000)),
      "retry-after-ms": String(Math.round(retryMs)),
      "x-ratelimit-limit-requests": String(p.limitRequests ?? 60),
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": `${(retryMs / 1000).toFixed(3)}s`,
    };
    const verdict = { type: "respond" as const, status: 429, body: standardErrorBody(429), headers };
    return { admit: () => verdict };
  },
};
