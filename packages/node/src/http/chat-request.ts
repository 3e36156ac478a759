import { errorBody, type OpenAIErrorBody } from "@faultline/core";

/** The parts of a chat completion request the simulator uses. */
export interface ChatRequest {
  readonly model: string;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  /** max_tokens / max_completion_tokens when given. */
  readonly maxTokens: number | undefined;
  /** Characters of all message contents (the prompt's size). */
  readonly promptChars: number;
  /** Characters of the first message when the prompt has more than one: the reusable prefix. */
  readonly prefixChars: number;
  /** A short key for the first message, for the prefix cache. */
  readonly prefixKey: string | undefined;
  /** The role of the last message: `assistant` asks the model to continue a prefill. */
  readonly lastRole: string;
  /** The text of that last assistant message (the prefill to continue), when it is a string. */
  readonly prefill?: string | undefined;
  /** The wire format to answer in: OpenAI's chat completions (absent), Anthropic's Messages or OpenAI's Responses. */
  readonly wire?: "anthropic" | "responses";
}

function bad(message: string, param: string): OpenAIErrorBody {
  return errorBody(message, "invalid_request_error", "invalid_request", param);
}

function contentChars(content: unknown): number | undefined {
  if (typeof content === "string") return content.length;
  if (content === null) return 0;
  if (!Array.isArray(content)) return undefined;
  let n = 0;
  for (const part of content) {
    if (typeof part !== "object" || part === null) return undefined;
    const text = (part as { text?: unknown }).text;
    if (typeof text === "string") n += text.length;
  }
  return n;
}

function positiveInt(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= 1;
}

/** Validates a chat completion body like the OpenAI API does; returns the request or the 400 body. */
export function parseChatRequest(body: unknown): ChatRequest | OpenAIErrorBody {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return bad("Request body must be a JSON object.", "body");
  const b = body as Record<string, unknown>;
  if (typeof b.model !== "string" || b.model === "") return bad("you must provide a model parameter", "model");
  if (!Array.isArray(b.messages) || b.messages.length === 0)
    return bad("'messages' must be a non-empty array.", "messages");
  let promptChars = 0;
  let prefixChars = 0;
  for (let i = 0; i < b.messages.length; i++) {
    const m = b.messages[i] as { role?: unknown; content?: unknown } | null;
    if (typeof m !== "object" || m === null || typeof m.role !== "string")
      return bad(`messages[${i}].role is required.`, `messages[${i}].role`);
    const chars = contentChars(m.content);
    if (chars === undefined)
      return bad(`messages[${i}].content must be a string or an array of content parts.`, `messages[${i}].content`);
    promptChars += chars + m.role.length;
    if (i === 0) prefixChars = chars;
  }
  if (b.stream !== undefined && b.stream !== null && typeof b.stream !== "boolean")
    return bad("'stream' must be a boolean.", "stream");
  const maxTokens = b.max_completion_tokens ?? b.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null && !positiveInt(maxTokens))
    return bad("'max_tokens' must be an integer ≥ 1.", "max_tokens");
  const so = b.stream_options as { include_usage?: unknown } | undefined | null;
  const first = (b.messages[0] as { content?: unknown }).content;
  const multi = b.messages.length > 1 && typeof first === "string";
  const last = b.messages[b.messages.length - 1] as { role: string; content?: unknown };
  return {
    model: b.model,
    stream: b.stream === true,
    includeUsage: so?.include_usage === true,
    maxTokens: (maxTokens ?? undefined) as number | undefined,
    lastRole: last.role,
    // Always set (undefined when none), so every request object has one shape on the hot path.
    prefill: last.role === "assistant" && typeof last.content === "string" ? last.content : undefined,
    promptChars,
    prefixChars: multi ? prefixChars : 0,
    prefixKey: multi
      ? `${(first as string).length}:${(first as string).slice(0, 64)}:${(first as string).slice(-64)}`
      : undefined,
  };
}
