import { TOKEN_JSON, tokenIndex } from "../gpu/token-text.js";

/** Usage numbers of one completion. */
export interface Usage {
  prompt: number;
  completion: number;
  cached: number;
}

/** The `usage` object in OpenAI's shape. */
export function usageJson(u: Usage): string {
  return (
    `{"prompt_tokens":${u.prompt},"completion_tokens":${u.completion},"total_tokens":${u.prompt + u.completion},` +
    `"prompt_tokens_details":{"cached_tokens":${u.cached}}}`
  );
}

/** The frames of one streamed answer in some wire format (OpenAI chunks, Anthropic message events). */
export interface SseFrames {
  /** What goes out with the headers, before the first token. */
  role(): string;
  /** The frame carrying token `i` of a sequence whose text starts at `start`. */
  token(start: number, i: number): string;
  /** The frame(s) that end the answer with its finish reason. */
  finish(reason: "stop" | "length"): string;
  /** The usage frame, when the caller asked for one ("" when usage rides elsewhere). */
  usageFrame(u: Usage): string;
  /** A frame that is not valid JSON (malformed-chunk fault). */
  malformed(): string;
  /** The terminating frame (left out by the no-done fault). */
  done(): string;
  /** A keep-alive that carries no token (keepalive-pings fault). */
  keepAlive(): string;
}

/**
 * Precomputed SSE frames for one streamed completion: each token frame is
 * `head + token JSON + tail`, with no JSON.stringify per token.
 */
export class ChunkFrames implements SseFrames {
  private readonly head: string;
  private readonly open: string;

  constructor(id: string, created: number, modelJson: string) {
    this.open =
      `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${modelJson},` +
      `"system_fingerprint":null,"choices":[`;
    this.head = `${this.open}{"index":0,"delta":{"content":`;
  }

  /** The first frame: the assistant role with empty content (as OpenAI sends it). */
  role(): string {
    return (
      `${this.open}{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,` +
      `"finish_reason":null}]}\n\n`
    );
  }

  /** The frame carrying token `i` of a sequence whose text starts at `start`. */
  token(start: number, i: number): string {
    return this.head + TOKEN_JSON[tokenIndex(start, i)] + `},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  /** The empty-delta frame carrying finish_reason. */
  finish(reason: string): string {
    return `${this.open}{"index":0,"delta":{},"logprobs":null,"finish_reason":"${reason}"}]}\n\n`;
  }

  /** The final usage chunk (stream_options.include_usage): empty choices. */
  usage(u: Usage): string {
    return `${this.open}],"usage":${usageJson(u)}}\n\n`;
  }

  /** The usage chunk, under the shared frame interface. */
  usageFrame(u: Usage): string {
    return this.usage(u);
  }

  /** The terminating sentinel. */
  done(): string {
    return DONE_FRAME;
  }

  /** A frame that is not valid JSON: cut off mid-object (malformed-chunk fault). */
  malformed(): string {
    return `${this.head}"tru\n\n`;
  }

  /** An SSE comment: OpenAI-compatible servers (OpenRouter, vLLM behind proxies) keep a quiet stream open this way. */
  keepAlive(): string {
    return KEEP_ALIVE_COMMENT;
  }
}

/** The SSE comment a keep-alive sends on chat completions (a line starting with `:` is ignored by SSE parsers). */
export const KEEP_ALIVE_COMMENT = ": keep-alive\n\n";

/** The terminating sentinel. */
export const DONE_FRAME = "data: [DONE]\n\n";
