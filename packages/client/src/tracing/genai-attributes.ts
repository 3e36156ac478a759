import type { Attributes } from "@opentelemetry/api";
import type { AttemptRecord } from "../types.js";

/**
 * OpenTelemetry GenAI semantic-convention attributes (gen_ai.*, error.type,
 * server.*) plus faultline's own (faultline.*) for what the conventions have no
 * name for: the request id, the attempt number, the endpoint and its outcome.
 */
export function requestAttributes(
  body: Record<string, unknown>,
  model: string,
  requestId: string | undefined
): Attributes {
  const attributes: Attributes = { "gen_ai.operation.name": "chat", "gen_ai.request.model": model };
  const maxTokens = body["max_tokens"] ?? body["max_completion_tokens"];
  if (typeof maxTokens === "number") attributes["gen_ai.request.max_tokens"] = maxTokens;
  if (body["stream"] === true) attributes["gen_ai.request.stream"] = true;
  if (requestId !== undefined) attributes["faultline.request_id"] = requestId;
  return attributes;
}

/** The attributes of one attempt's span. */
export function attemptAttributes(a: AttemptRecord): Attributes {
  const outcome = a.cancelled ? "cancelled" : a.ok ? "ok" : (a.errorClass ?? "error");
  const attributes: Attributes = {
    "gen_ai.operation.name": "chat",
    "faultline.endpoint": a.endpoint,
    "faultline.attempt": a.n,
    "faultline.outcome": outcome,
    "gen_ai.usage.input_tokens": a.promptTokens,
    "gen_ai.usage.output_tokens": a.completionTokens,
  };
  if (a.origin) {
    const url = new URL(a.origin);
    attributes["server.address"] = url.hostname;
    attributes["server.port"] = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  }
  if (a.status !== null) attributes["http.response.status_code"] = a.status;
  if (!a.ok && !a.cancelled) attributes["error.type"] = a.errorClass ?? "error";
  if (a.firstByteMs !== null) attributes["gen_ai.response.time_to_first_chunk"] = a.firstByteMs / 1000;
  return attributes;
}
