import { jsonReply, sseFrame, type Persona } from "./persona.js";

// "Your rate limit is calculated as the maximum of max_tokens and the estimated number of tokens based on the
// character count of your request" (https://platform.openai.com/docs/guides/rate-limits), over a minute.
const LIMITS = Object.freeze({
  windowsMs: Object.freeze([60_000]),
  tokenCost: (prompt: number, maxTokens: number) => Math.max(prompt, maxTokens),
});

/**
 * OpenAI: the node's own form, so errors pass as the faults wrote them. A mid-stream failure is an `event: error`
 * frame after the 200 (the openai-node SDK's Stream reads `event: error` and throws APIError).
 */
export const openaiPersona: Persona = {
  name: "openai",
  description: "OpenAI's API (the default): errors, headers and rate limits as faultline always sent them.",
  sources: [
    "https://platform.openai.com/docs/guides/error-codes",
    "https://platform.openai.com/docs/guides/rate-limits",
    "https://github.com/openai/openai-node/blob/master/src/core/streaming.ts",
  ],
  reply: (e) => jsonReply(e.status, e.body, { ...e.headers }),
  streamError: (e) => sseFrame(e.body, "error"),
  limits: LIMITS,
};
