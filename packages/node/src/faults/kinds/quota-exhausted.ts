import type { FaultKind } from "../fault-kind.js";
import { errorBody } from "@faultline/core";

/** Parameters of the quota-exhausted fault. */
export interface QuotaExhaustedParams {
  resetAfterMs?: number;
}

// OpenAI's answer when the account has no credit left: a 429 that no wait fixes, so it carries no Retry-After.
const BODY = errorBody(
  "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
  "insufficient_quota",
  "insufficient_quota"
);

/** The account's quota or spend limit is used up: every request gets the provider's quota error. */
export const quotaExhaustedFault: FaultKind<QuotaExhaustedParams> = {
  kind: "quota-exhausted",
  description:
    "429 insufficient_quota with no Retry-After (never worth retrying); on a persona node, that provider's quota " +
    "error: Anthropic's spend-limit 429, Gemini's daily RESOURCE_EXHAUSTED with a retryDelay of resetAfterMs " +
    "(default 6 h), Azure's 429 waiting resetAfterMs (default 86400 s), Bedrock's ServiceQuotaExceededException.",
  paramsSchema: {
    type: "object",
    additionalProperties: false,
    properties: { resetAfterMs: { type: "number", minimum: 0, maximum: 7 * 86_400_000 } },
  },
  apply: (p) => {
    const verdict =
      p.resetAfterMs === undefined
        ? { type: "respond" as const, status: 429, body: BODY }
        : { type: "respond" as const, status: 429, body: BODY, resetAfterMs: p.resetAfterMs };
    return { admit: () => verdict };
  },
};
