import type { CachedAnswer } from "./answer-cache.js";

interface Completion {
  id?: unknown;
  model?: unknown;
  created?: unknown;
  choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** The text of a non-streamed completion's first choice ("" when it has none). */
export function completionContent(body: unknown): string {
  const content = (body as Completion | null)?.choices?.[0]?.message?.content;
  return typeof content === "string" ? content : "";
}

/** A non-streamed chat completion holding `content`: how a streamed answer is stored, and the maintenance message. */
export function completionText(
  id: unknown,
  model: unknown,
  created: unknown,
  content: string,
  promptTokens: number,
  completionTokens: number
): string {
  return JSON.stringify({
    id,
    object: "chat.completion",
    created,
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  });
}

/**
 * A whole answer as the SSE data lines of a stream: the content in one frame, the finish, and the usage when the
 * request asked for it (stream_options.include_usage), as OpenAI sends them. The caller adds `[DONE]`.
 */
export function streamFrames(bodyText: string, content: string, withUsage: boolean): string[] {
  const c = JSON.parse(bodyText) as Completion;
  const head = { id: c.id, object: "chat.completion.chunk", created: c.created, model: c.model };
  const frames = [
    { ...head, choices: [{ index: 0, delta: { role: "assistant", content }, finish_reason: null }] },
    { ...head, choices: [{ index: 0, delta: {}, finish_reason: c.choices?.[0]?.finish_reason ?? "stop" }] },
  ];
  if (withUsage) frames.push({ ...head, choices: [], usage: c.usage } as (typeof frames)[number]);
  return frames.map((f) => JSON.stringify(f));
}

/** Whether a request asked for a usage frame at the end of its stream. */
export function wantsUsage(body: Record<string, unknown>): boolean {
  return (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
}

export type { CachedAnswer };
