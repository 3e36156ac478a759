import type { RequestContext } from "../request-context.js";

/** One parsed SSE chunk, as far as the caller's stream cares. */
export interface ChunkObject {
  id?: unknown;
  model?: unknown;
  created?: unknown;
  choices?: unknown[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  [key: string]: unknown;
}

/**
 * What makes a stream that crossed endpoints one answer to the caller: the id,
 * model and created time of the attempt that sent the first token, the
 * endpoint that named it, and the tokens of every attempt that delivered part
 * of the answer. LiteLLM #27967 and #31067: a resumed stream showed the caller
 * two ids, two finish chunks, and the usage of the last attempt only.
 */
export class StreamIdentity {
  /** Tokens of every attempt that owned the caller's stream, summed. */
  promptTokens = 0;
  completionTokens = 0;
  /** Attempts that delivered part of the answer. */
  owners = 0;

  constructor(
    readonly id: unknown,
    readonly model: unknown,
    readonly created: unknown,
    /** The endpoint of the first owner: the gateway names the answer's model after it. */
    readonly endpoint: string
  ) {}

  /** A resumed attempt's chunk, re-badged as the first owner's (keys keep their order). */
  rebadge(chunk: ChunkObject): string {
    if ("id" in chunk) chunk.id = this.id;
    if ("model" in chunk) chunk.model = this.model;
    if ("created" in chunk) chunk.created = this.created;
    return JSON.stringify(chunk);
  }

  /** Adds one owning attempt's tokens: its own usage when it sent one, else the content frames it delivered. */
  add(usage: ChunkObject["usage"], frames: number): void {
    this.owners += 1;
    this.promptTokens += usage?.prompt_tokens ?? 0;
    this.completionTokens += usage?.completion_tokens ?? frames;
  }

  /**
   * The one usage chunk the caller gets, at the end: the upstream's own frame
   * when one attempt served the whole answer, else the held frame (or a fresh
   * one in OpenAI's shape) carrying the sums.
   */
  usageFrame(held: ChunkObject | null, heldText: string | null): string {
    if (this.owners === 1 && heldText !== null) return heldText;
    const usage = {
      ...(held?.usage ?? {}),
      prompt_tokens: this.promptTokens,
      completion_tokens: this.completionTokens,
      total_tokens: this.promptTokens + this.completionTokens,
    };
    if (held) {
      held.usage = usage;
      return this.rebadge(held);
    }
    return JSON.stringify({
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model: this.model,
      choices: [],
      usage,
    });
  }
}

/** Whether the caller asked for a usage chunk (stream_options.include_usage). */
export function wantsUsage(ctx: RequestContext): boolean {
  const so = ctx.body.stream_options as { include_usage?: unknown } | null | undefined;
  return so?.include_usage === true;
}
