import type { SessionApi } from "@faultline/contracts";

/** One message of a conversation's history, as chat completions and the Responses API's input both take it. */
export type Message = { role: string; content: string };

/** OpenAI's smallest max_output_tokens: a Responses turn asking for fewer is refused with a 400. */
const MIN_OUTPUT_TOKENS = 16;

/** What one turn's body is built from. */
export interface TurnParts {
  model: string;
  /** The whole history, the new user message last. */
  messages: readonly Message[];
  maxTokens: number;
  stream: boolean;
  /** The id of the conversation's last answer on the Responses API; null on the first turn. */
  previousResponseId: string | null;
}

/**
 * The request body of one conversation turn. chat: the whole history to chat completions. responses: only what the
 * server has not stored (the opening messages on the first turn, the new user message after), chained to the last
 * answer by previous_response_id with store: true, so the history is the server's to keep, or to lose.
 */
export function turnBody(api: SessionApi, p: TurnParts): Record<string, unknown> {
  if (api === "chat") {
    const body: Record<string, unknown> = { model: p.model, messages: p.messages.slice(), max_tokens: p.maxTokens };
    if (p.stream) {
      body["stream"] = true;
      body["stream_options"] = { include_usage: true };
    }
    return body;
  }
  const body: Record<string, unknown> = {
    model: p.model,
    input: p.previousResponseId === null ? p.messages.slice() : [p.messages[p.messages.length - 1]],
    store: true,
    max_output_tokens: Math.max(MIN_OUTPUT_TOKENS, p.maxTokens),
  };
  if (p.previousResponseId !== null) body["previous_response_id"] = p.previousResponseId;
  if (p.stream) body["stream"] = true;
  return body;
}

/** The id of a Responses API answer (the body faultline's client or a black box's judge kept), or null. */
export function responseIdOf(body: unknown): string | null {
  const id = (body as { id?: unknown } | null | undefined)?.id;
  return typeof id === "string" ? id : null;
}
