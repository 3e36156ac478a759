import { completionJson } from "../gpu/token-text.js";
import type { Usage } from "../http/sse.js";
import type { ResponsesRequest } from "./responses-request.js";

/** What one answer is called: the response's id and its output message's id. */
export interface ResponseIds {
  readonly id: string;
  readonly messageId: string;
  /** Unix seconds. */
  readonly createdAt: number;
}

/** The `usage` object of the Responses API. */
export function responseUsageJson(u: Usage): string {
  return (
    `{"input_tokens":${u.prompt},"input_tokens_details":{"cached_tokens":${u.cached}},` +
    `"output_tokens":${u.completion},"output_tokens_details":{"reasoning_tokens":0},` +
    `"total_tokens":${u.prompt + u.completion}}`
  );
}

/** The output message: in progress (no text yet), or done with its text. */
export function outputMessageJson(ids: ResponseIds, textJson: string | null, status: string): string {
  const content = textJson === null ? "" : `{"type":"output_text","text":${textJson},"annotations":[]}`;
  return `{"id":"${ids.messageId}","type":"message","status":"${status}","role":"assistant","content":[${content}]}`;
}

/**
 * The response object in OpenAI's shape. `reason` null: still in progress (no output, no usage); `length`: the
 * answer reached max_output_tokens, which OpenAI reports as status incomplete.
 */
export function responseJson(
  req: ResponsesRequest,
  ids: ResponseIds,
  modelJson: string,
  reason: "stop" | "length" | null,
  textStart: number,
  usage: Usage
): string {
  const status = reason === null ? "in_progress" : reason === "length" ? "incomplete" : "completed";
  const output =
    reason === null
      ? ""
      : outputMessageJson(
          ids,
          completionJson(textStart, usage.completion),
          reason === "length" ? "incomplete" : "completed"
        );
  return (
    `{"id":"${ids.id}","object":"response","created_at":${ids.createdAt},"status":"${status}","error":null,` +
    `"incomplete_details":${reason === "length" ? '{"reason":"max_output_tokens"}' : "null"},` +
    `"instructions":null,"max_output_tokens":${req.maxOutputTokens ?? "null"},"model":${modelJson},` +
    `"output":[${output}],"parallel_tool_calls":true,` +
    `"previous_response_id":${req.previousResponseId === null ? "null" : JSON.stringify(req.previousResponseId)},` +
    `"reasoning":{"effort":null,"summary":null},"store":${req.store},"temperature":1.0,` +
    `"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled",` +
    `"usage":${reason === null ? "null" : responseUsageJson(usage)},"user":null,"metadata":{}}`
  );
}
