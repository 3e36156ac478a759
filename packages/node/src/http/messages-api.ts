import { errorBody, type OpenAIErrorBody } from "@faultline/core";
import { TOKEN_JSON, completionJson, tokenIndex } from "../gpu/token-text.js";
import type { ChatRequest } from "./chat-request.js";
import type { SseFrames, Usage } from "./sse.js";

// Anthropic's Messages API (https://docs.anthropic.com/en/api/messages, .../build-with-claude/streaming): the wire
// format an `anthropic` node serves on POST /v1/messages beside the OpenAI-compatible route.

/** The route an anthropic node adds. */
export const MESSAGES_PATH = "/v1/messages";

function bad(message: string, param: string): OpenAIErrorBody {
  return errorBody(message, "invalid_request_error", "invalid_request", param);
}

function blockChars(content: unknown): number | undefined {
  if (typeof content === "string") return content.length;
  if (!Array.isArray(content)) return undefined;
  let n = 0;
  for (const b of content) {
    if (typeof b !== "object" || b === null) return undefined;
    const text = (b as { text?: unknown }).text;
    if (typeof text === "string") n += text.length;
  }
  return n;
}

/** Validates a Messages API body as Anthropic does (max_tokens is required); returns the request or the 400 body. */
export function parseMessagesRequest(body: unknown): ChatRequest | OpenAIErrorBody {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return bad("body: must be an object", "body");
  const b = body as Record<string, unknown>;
  if (typeof b.model !== "string" || b.model === "") return bad("model: Field required", "model");
  if (typeof b.max_tokens !== "number" || !Number.isInteger(b.max_tokens) || b.max_tokens < 1)
    return bad("max_tokens: Field required (an integer of at least 1)", "max_tokens");
  if (!Array.isArray(b.messages) || b.messages.length === 0)
    return bad("messages: at least one message is required", "messages");
  let promptChars = b.system === undefined ? 0 : (blockChars(b.system) ?? -1);
  if (promptChars < 0) return bad("system: must be a string or an array of text blocks", "system");
  for (let i = 0; i < b.messages.length; i++) {
    const m = b.messages[i] as { role?: unknown; content?: unknown } | null;
    if (typeof m !== "object" || m === null || (m.role !== "user" && m.role !== "assistant"))
      return bad(`messages.${i}.role: Input should be 'user' or 'assistant'`, `messages.${i}.role`);
    const chars = blockChars(m.content);
    if (chars === undefined)
      return bad(`messages.${i}.content: must be a string or a list of blocks`, `messages.${i}.content`);
    promptChars += chars + m.role.length;
  }
  if (b.stream !== undefined && typeof b.stream !== "boolean")
    return bad("stream: Input should be a valid boolean", "stream");
  return {
    model: b.model,
    stream: b.stream === true,
    includeUsage: true,
    maxTokens: b.max_tokens,
    lastRole: (b.messages[b.messages.length - 1] as { role: string }).role,
    promptChars,
    prefixChars: 0,
    prefixKey: undefined,
    wire: "anthropic",
  };
}

function event(type: string, data: string): string {
  return `event: ${type}\ndata: ${data}\n\n`;
}

const STOP_REASON = { stop: "end_turn", length: "max_tokens" } as const;

/** The SSE events of one streamed message: message_start, ping, content_block_*, message_delta, message_stop. */
export class MessageFrames implements SseFrames {
  private readonly deltaHead =
    "event: content_block_delta\n" +
    'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":';

  constructor(
    private readonly id: string,
    private readonly modelJson: string,
    private readonly usage: Usage
  ) {}

  role(): string {
    return (
      event(
        "message_start",
        `{"type":"message_start","message":{"id":"${this.id}","type":"message","role":"assistant","content":[],` +
          `"model":${this.modelJson},"stop_reason":null,"stop_sequence":null,` +
          `"usage":{"input_tokens":${this.usage.prompt},"output_tokens":1}}}`
      ) +
      event(
        "content_block_start",
        `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`
      ) +
      event("ping", `{"type": "ping"}`)
    );
  }

  token(start: number, i: number): string {
    return `${this.deltaHead}${TOKEN_JSON[tokenIndex(start, i)]}}}\n\n`;
  }

  finish(reason: "stop" | "length"): string {
    return (
      event("content_block_stop", `{"type":"content_block_stop","index":0}`) +
      event(
        "message_delta",
        `{"type":"message_delta","delta":{"stop_reason":"${STOP_REASON[reason]}","stop_sequence":null},` +
          `"usage":{"output_tokens":${this.usage.completion}}}`
      )
    );
  }

  /** Usage rides in message_delta: no frame of its own. */
  usageFrame(): string {
    return "";
  }

  malformed(): string {
    return `${this.deltaHead}"tru\n\n`;
  }

  /** Anthropic keeps a quiet stream open with `ping` events (its streaming docs). */
  keepAlive(): string {
    return event("ping", `{"type": "ping"}`);
  }

  done(): string {
    return event("message_stop", `{"type":"message_stop"}`);
  }
}

/** A whole (non-streamed) Messages API response. */
export function messageJson(
  id: string,
  modelJson: string,
  textStart: number,
  reason: "stop" | "length",
  usage: Usage
): string {
  return (
    `{"id":"${id}","type":"message","role":"assistant","model":${modelJson},` +
    `"content":[{"type":"text","text":${completionJson(textStart, usage.completion)}}],` +
    `"stop_reason":"${STOP_REASON[reason]}","stop_sequence":null,` +
    `"usage":{"input_tokens":${usage.prompt},"output_tokens":${usage.completion}}}`
  );
}
