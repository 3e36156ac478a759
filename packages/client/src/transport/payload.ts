import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../request-context.js";

/**
 * The request body for one endpoint: its model name swapped in, and for a
 * resumed stream the text already sent appended as an assistant prefill, with
 * the token limit lowered by the tokens already sent: servers count max_tokens
 * from the prefill on, and the caller asked for one answer of that size.
 * Serialised once per model and reused by retries.
 */
export function payloadFor(ctx: RequestContext, e: Endpoint, resume: boolean): string {
  const model = e.model ?? String(ctx.body.model ?? "");
  if (resume) {
    const messages = Array.isArray(ctx.body.messages) ? ctx.body.messages : [];
    const body: Record<string, unknown> = {
      ...ctx.body,
      model,
      messages: [...messages, { role: "assistant", content: ctx.sentText }],
    };
    for (const limit of ["max_tokens", "max_completion_tokens"]) {
      const n = body[limit];
      if (typeof n === "number") body[limit] = Math.max(1, n - ctx.sentTokens);
    }
    return JSON.stringify(body);
  }
  if (e.maxTokens > 0) return cappedPayload(ctx, model, e.maxTokens);
  let text = ctx.payloads.get(model);
  if (text === undefined) {
    text = model === (ctx.body.model ?? "") ? JSON.stringify(ctx.body) : JSON.stringify({ ...ctx.body, model });
    ctx.payloads.set(model, text);
  }
  return text;
}

/**
 * The body for an endpoint with a `maxTokens` cap (a degraded endpoint's shorter answers): a larger or absent
 * max_tokens (and max_completion_tokens, OpenAI's newer name) is lowered to the cap; a smaller one stays.
 */
function cappedPayload(ctx: RequestContext, model: string, cap: number): string {
  const key = `${model}\u0000max_tokens<=${cap}`;
  let text = ctx.payloads.get(key);
  if (text === undefined) {
    const body: Record<string, unknown> = { ...ctx.body, model };
    const asked = [body.max_tokens, body.max_completion_tokens].filter((n): n is number => typeof n === "number");
    if (body.max_completion_tokens !== undefined) body.max_completion_tokens = Math.min(cap, ...asked);
    else body.max_tokens = Math.min(cap, ...asked);
    text = JSON.stringify(body);
    ctx.payloads.set(key, text);
  }
  return text;
}

/** A rough prompt size in tokens (4 characters a token), for context-window routing. */
export function estimatePromptTokens(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
  let chars = 0;
  for (const m of messages) chars += typeof m.content === "string" ? m.content.length : 0;
  return Math.ceil(chars / 4);
}
