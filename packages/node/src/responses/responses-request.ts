import { errorBody, type OpenAIErrorBody } from "@faultline/core";
import { parseChatRequest, type ChatRequest } from "../http/chat-request.js";
import type { ResponseStore, StoredMessage } from "./response-store.js";

// OpenAI's Responses API (https://platform.openai.com/docs/api-reference/responses/create), the minimal part a
// conversation needs: model, input, instructions, previous_response_id, store, stream, max_output_tokens.

/** The route every node serves beside chat completions. */
export const RESPONSES_PATH = "/v1/responses";

/** A Responses API request, resolved against the node's stored conversations. */
export interface ResponsesRequest extends ChatRequest {
  readonly wire: "responses";
  readonly previousResponseId: string | null;
  /** Whether the answer is kept for a later previous_response_id (OpenAI's default: true). */
  readonly store: boolean;
  readonly maxOutputTokens: number | null;
  /** The conversation before this turn (empty without previous_response_id), then this turn's input. */
  readonly history: readonly StoredMessage[];
  readonly input: readonly StoredMessage[];
}

/** A request refused with a status other than 400 (an unknown previous_response_id is a 404). */
export interface Refusal {
  readonly status: number;
  readonly body: OpenAIErrorBody;
}

/** OpenAI's smallest max_output_tokens. */
const MIN_OUTPUT_TOKENS = 16;

function bad(message: string, param: string, code = "invalid_value"): OpenAIErrorBody {
  return errorBody(message, "invalid_request_error", code, param);
}

/** OpenAI's answer when previous_response_id names nothing this node stores. */
export function previousResponseNotFound(id: string): Refusal {
  return {
    status: 404,
    body: errorBody(
      `Previous response with id '${id}' not found.`,
      "invalid_request_error",
      "previous_response_not_found",
      "previous_response_id"
    ),
  };
}

/** One input item's text: a string, or the text of its input_text/output_text parts. */
function itemText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  let text = "";
  for (const part of content) {
    const t = typeof part === "object" && part !== null ? (part as { text?: unknown }).text : undefined;
    if (typeof t !== "string") return undefined;
    text += t;
  }
  return text;
}

/** `input` as messages: a string is one user message; an array holds message items. */
function inputMessages(input: unknown): StoredMessage[] | OpenAIErrorBody {
  if (typeof input === "string") return [{ role: "user", content: input }];
  if (!Array.isArray(input) || input.length === 0)
    return bad("Invalid 'input': expected a string or a non-empty array of messages.", "input");
  const out: StoredMessage[] = [];
  for (let i = 0; i < input.length; i++) {
    const item = input[i] as { type?: unknown; role?: unknown; content?: unknown } | null;
    const role = typeof item === "object" && item !== null ? item.role : undefined;
    if ((item?.type !== undefined && item.type !== "message") || typeof role !== "string")
      return bad(`Invalid 'input[${i}]': only message items ({role, content}) are served here.`, `input[${i}]`);
    const content = itemText(item!.content);
    if (content === undefined)
      return bad(`Invalid 'input[${i}].content': expected a string or text parts.`, `input[${i}].content`);
    out.push({ role, content });
  }
  return out;
}

/**
 * Validates a Responses API body as OpenAI does and joins it to its stored history; returns the request, a 400 body,
 * or the 404 of an unknown previous_response_id.
 */
export function parseResponsesRequest(
  body: unknown,
  store: ResponseStore
): ResponsesRequest | OpenAIErrorBody | Refusal {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return bad("Request body must be a JSON object.", "body", "invalid_request");
  const b = body as Record<string, unknown>;
  if (typeof b.model !== "string" || b.model === "") return bad("Missing required parameter: 'model'.", "model");
  const input = inputMessages(b.input);
  if ("error" in input) return input;
  for (const key of ["stream", "store"] as const)
    if (b[key] !== undefined && b[key] !== null && typeof b[key] !== "boolean")
      return bad(`Invalid type for '${key}': expected a boolean.`, key, "invalid_type");
  if (b.instructions !== undefined && b.instructions !== null && typeof b.instructions !== "string")
    return bad("Invalid type for 'instructions': expected a string.", "instructions", "invalid_type");
  const max = b.max_output_tokens;
  if (max !== undefined && max !== null && !(Number.isInteger(max) && (max as number) >= MIN_OUTPUT_TOKENS))
    return bad(
      `Invalid 'max_output_tokens': expected an integer >= ${MIN_OUTPUT_TOKENS}.`,
      "max_output_tokens",
      "integer_below_min_value"
    );
  const previous = b.previous_response_id;
  if (previous !== undefined && previous !== null && (typeof previous !== "string" || previous === ""))
    return bad("Invalid type for 'previous_response_id': expected a string.", "previous_response_id", "invalid_type");
  let history: readonly StoredMessage[] = [];
  if (typeof previous === "string") {
    const stored = store.get(previous);
    if (stored === undefined) return previousResponseNotFound(previous);
    history = stored;
  }
  // Instructions apply to this turn only; OpenAI does not carry them to the next one.
  const system = typeof b.instructions === "string" ? [{ role: "system", content: b.instructions }] : [];
  const chat = parseChatRequest({
    model: b.model,
    messages: [...system, ...history, ...input],
    stream: b.stream === true,
    ...(typeof max === "number" ? { max_tokens: max } : {}),
  });
  if ("error" in chat) return chat;
  return {
    ...chat,
    wire: "responses",
    previousResponseId: typeof previous === "string" ? previous : null,
    store: b.store !== false,
    maxOutputTokens: typeof max === "number" ? max : null,
    history,
    input,
  };
}
