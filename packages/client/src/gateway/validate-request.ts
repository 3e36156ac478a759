import { errorBody, type OpenAIErrorBody } from "@faultline/core";

function bad(message: string, param: string): OpenAIErrorBody {
  return errorBody(message, "invalid_request_error", "invalid_request", param);
}

const TOKEN_LIMITS = ["max_tokens", "max_completion_tokens"] as const;

/**
 * Checks a caller's chat request at the gateway's edge, as OpenAI's API does,
 * and returns the 400 body when it is the caller's mistake. Such a request is
 * never sent upstream: four requests with a negative max_tokens once timed
 * out upstream and opened both breakers (issue 24). Fields the gateway does
 * not read are left to the upstream, whose 4xx passes through uncounted.
 */
export function validateChatRequest(body: unknown): OpenAIErrorBody | null {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return bad("Request body must be a JSON object.", "body");
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.messages) || b.messages.length === 0)
    return bad("messages: a chat completion request needs a non-empty messages array", "messages");
  for (let i = 0; i < b.messages.length; i++) {
    const m = b.messages[i] as { role?: unknown } | null;
    if (typeof m !== "object" || m === null || typeof m.role !== "string")
      return bad(`messages[${i}].role is required.`, `messages[${i}].role`);
  }
  if (b.model !== undefined && typeof b.model !== "string") return bad("'model' must be a string.", "model");
  if (b.stream !== undefined && b.stream !== null && typeof b.stream !== "boolean")
    return bad("'stream' must be a boolean.", "stream");
  for (const key of TOKEN_LIMITS) {
    const n = b[key];
    if (n !== undefined && n !== null && !(typeof n === "number" && Number.isInteger(n) && n >= 1))
      return bad(`'${key}' must be an integer ≥ 1, got ${String(JSON.stringify(n)).slice(0, 40)}.`, key);
  }
  return null;
}
