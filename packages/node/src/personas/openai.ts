import { jsonReply, sseFrame, type Persona } from "./persona.js";

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
};
