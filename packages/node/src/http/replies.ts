import type { ServerResponse } from "node:http";
import { errorBody, type OpenAIErrorBody } from "@faultline/core";
import type { Persona } from "../personas/persona.js";
import { openaiPersona } from "../personas/openai.js";

/**
 * Sends a node error (in the node's own OpenAI form) on a raw (or hijacked) response, as the node's persona's
 * provider would send it.
 */
export function sendRawError(
  res: ServerResponse,
  base: Record<string, unknown>,
  status: number,
  body: OpenAIErrorBody,
  headers?: Readonly<Record<string, string>>,
  persona: Persona = openaiPersona,
  resetAfterMs?: number
): void {
  if (res.headersSent || res.destroyed) return;
  const reply = persona.reply({ status, body, headers, resetAfterMs });
  res.writeHead(reply.status, {
    ...(base as Record<string, string>),
    ...reply.headers,
    "content-type": "application/json; charset=utf-8",
  });
  res.end(reply.body);
}

/** 429 when the waiting queue is full, with the Retry-After a client should honour. */
export const QUEUE_FULL = Object.freeze({
  body: errorBody(
    "The server is overloaded: the waiting queue is full. Please retry.",
    "rate_limit_error",
    "queue_full"
  ),
  headers: Object.freeze({ "retry-after": "1" }),
});

/** 503 while the model is still loading (live, not ready). */
export const NOT_READY = errorBody("The model is still loading.", "server_error", "model_not_ready");
