import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../context.js";

/**
 * The request body for one endpoint: its model name swapped in, and for a
 * resumed stream the text already sent appended as an assistant prefill.
 * Serialised once per model and reused by retries.
 */
export function payloadFor(ctx: RequestContext, e: Endpoint, resume: boolean): string {
  const model = e.model ?? String(ctx.body.model ?? "");
  if (resume) {
    const messages = Array.isArray(ctx.body.messages) ? ctx.body.messages : [];
    return JSON.stringify({ ...ctx.body, model, messages: [...messages, { role: "assistant", content: ctx.sentText }] });
  }
  let text = ctx.payloads.get(model);
  if (text === undefined) {
    text = model === (ctx.body.model ?? "") ? JSON.stringify(ctx.body) : JSON.stringify({ ...ctx.body, model });
    ctx.payloads.set(model, text);
  }
  return text;
}

/** A rough prompt size in tokens (4 characters a token), for context-window routing. */
export function estimatePromptTokens(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? body.messages as Array<{ content?: unknown }> : [];
  let chars = 0;
  for (const m of messages) chars += typeof m.content === "string" ? m.content.length : 0;
  return Math.ceil(chars / 4);
}
