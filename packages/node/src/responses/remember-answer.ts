import { randomBytes } from "node:crypto";
import { completionText } from "../gpu/token-text.js";
import type { ResponseIds } from "./response-object.js";
import type { ResponseStore } from "./response-store.js";
import type { ResponsesRequest } from "./responses-request.js";

/**
 * Fresh ids for one answer. Random, not derived from x-request-id: a gateway sends the caller's id on every attempt,
 * and two nodes (or one node before and after a restart) must never hand out the same response id.
 */
export function newResponseIds(): ResponseIds {
  const hex = randomBytes(16).toString("hex");
  return { id: `resp_${hex}`, messageId: `msg_${hex}`, createdAt: Math.floor(Date.now() / 1000) };
}

/** Keeps a finished answer (unless the request said store: false) as the conversation the next turn continues. */
export function rememberAnswer(
  store: ResponseStore,
  req: ResponsesRequest,
  id: string,
  textStart: number,
  tokens: number
): void {
  if (!req.store) return;
  store.set(id, [...req.history, ...req.input, { role: "assistant", content: completionText(textStart, tokens) }]);
}
