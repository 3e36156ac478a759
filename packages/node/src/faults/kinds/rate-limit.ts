import type { FaultKind } from "../fault-kind.js";
import { MAX_TIMER_MS } from "../max-timer.js";
import { standardErrorBody } from "@faultline/core";
import { goDuration } from "../../personas/go-duration.js";

/** Parameters of the rate-limit fault. */
export interface RateLimitParams {
  retryAfterMs?: number;
  limitRequests?: number;
}

/** Tokens per minute advertised beside the request limit (OpenAI's tier-1 figure for its small models). */
const LIMIT_TOKENS = 200_000;

/**
 * 429 with Retry-After and the x-ratelimit-* headers OpenAI sends (resets as Go durations such as "6m0s"). This is
 * the node's own form; a node's persona turns it into its provider's rate-limit answer.
 */
export const rateLimitFault: FaultKind<RateLimitParams> = {
  kind: "rate-limit",
  description:
    "429 rate_limit_exceeded with Retry-After (seconds, rounded up from retryAfterMs, default " +
    "1000), retry-after-ms and x-ratelimit-* headers; on a node with a persona, that provider's rate-limit answer.",
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
      "x-ratelimit-reset-requests": goDuration(retryMs),
      "x-ratelimit-limit-tokens": String(LIMIT_TOKENS),
      "x-ratelimit-remaining-tokens": String(LIMIT_TOKENS),
      "x-ratelimit-reset-tokens": "0s",
    };
    const verdict = { type: "respond" as const, status: 429, body: standardErrorBody(429), headers };
    return { admit: () => verdict };
  },
};
