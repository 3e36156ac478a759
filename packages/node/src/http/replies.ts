import type { ServerResponse } from "node:http";
import { errorBody, type OpenAIErrorBody } from "@faultline/core";

/** Sends an OpenAI error on a raw (or hijacked) response. */
export function sendRawError(
  res: ServerResponse,
  base: Record<string, unknown>,
  status: number,
  body: OpenAIErrorBody,
  headers?: Readonly<Record<string, string>>
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    ...(base as Record<string, string>),
    ...headers,
    "content-type": "application/json; charset=utf-8",
  });
  res.end(JSON.stringify(body));
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
