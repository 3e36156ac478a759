import { randomUUID } from "node:crypto";
import { jsonReply, problemOf, retryMsOf, sseFrame, wholeSeconds, type Persona } from "./persona.js";

// "RPM rate limits are evaluated over a small period of time, typically 1 or 10 seconds", and a request is charged
// "the prompt text and count, the max_tokens parameter setting" when it arrives
// (https://learn.microsoft.com/azure/ai-services/openai/how-to/quota, "Understanding rate limits").
const LIMITS = Object.freeze({
  windowsMs: Object.freeze([1000, 10_000]),
  tokenCost: (prompt: number, maxTokens: number) => prompt + maxTokens,
});

/** The API version Azure names in its 429 message. */
const API_VERSION = "2024-10-21";
/** A daily token quota: Azure's 429 then says "Please retry after 86400 seconds". */
const DAILY_QUOTA_MS = 86_400_000;

function rateLimitMessage(limit: "call" | "token", seconds: string): string {
  return (
    `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${API_VERSION} have exceeded ` +
    `${limit} rate limit of your current OpenAI S0 pricing tier. Please retry after ${seconds} seconds. Please go ` +
    `here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`
  );
}

/**
 * Azure OpenAI: OpenAI's body for most errors, but its own 429 (`{error:{code:"429",message}}` whose message names
 * the wait) with both retry-after and retry-after-ms, and apim-request-id on every error.
 */
export const azureOpenaiPersona: Persona = {
  name: "azure-openai",
  description:
    'Azure OpenAI: 429 `{error:{code:"429"}}` naming the wait, with retry-after and retry-after-ms, ' +
    "x-ratelimit-remaining-*, apim-request-id; a daily quota waits 86400 s.",
  sources: [
    "https://learn.microsoft.com/en-us/azure/ai-services/openai/quotas-limits",
    "https://learn.microsoft.com/en-us/azure/ai-services/openai/how-to/quota",
    "https://github.com/openai/openai-node/blob/master/src/client.ts",
  ],
  reply: (e) => {
    const headers: Record<string, string> = { "apim-request-id": randomUUID(), "x-ms-region": "East US" };
    const problem = problemOf(e);
    if (problem !== "rate_limit" && problem !== "quota") return jsonReply(e.status, e.body, headers);
    const ms = problem === "quota" ? (e.resetAfterMs ?? DAILY_QUOTA_MS) : (retryMsOf(e) ?? 1000);
    const seconds = wholeSeconds(ms);
    Object.assign(headers, {
      "retry-after": seconds,
      "retry-after-ms": String(Math.round(ms)),
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-remaining-tokens": "0",
    });
    return jsonReply(
      429,
      { error: { code: "429", message: rateLimitMessage(problem === "quota" ? "token" : "call", seconds) } },
      headers
    );
  },
  streamError: (e) => sseFrame(e.body, "error"),
  limits: LIMITS,
};
