import { errorBody, type OpenAIErrorBody } from "@faultline/core";

function bad(message: string, param: string): OpenAIErrorBody {
  return errorBody(message, "invalid_request_error", "invalid_request", param);
}

/**
 * Checks a caller's Responses API turn at the gateway's edge, as the chat route does its requests: the fields the
 * gateway reads to route and back up a conversation. Everything else is the upstream's to judge.
 */
export function validateResponsesRequest(body: unknown): OpenAIErrorBody | null {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return bad("Request body must be a JSON object.", "body");
  const b = body as Record<string, unknown>;
  if (typeof b.model !== "string" || b.model === "") return bad("Missing required parameter: 'model'.", "model");
  if (typeof b.input !== "string" && !(Array.isArray(b.input) && b.input.length > 0))
    return bad("input: a Responses API turn needs input, a string or a non-empty array of messages", "input");
  for (const key of ["stream", "store"])
    if (b[key] !== undefined && b[key] !== null && typeof b[key] !== "boolean")
      return bad(`'${key}' must be a boolean.`, key);
  const previous = b.previous_response_id;
  if (previous !== undefined && previous !== null && (typeof previous !== "string" || previous === ""))
    return bad("'previous_response_id' must be a response id such as resp_abc123.", "previous_response_id");
  return null;
}
