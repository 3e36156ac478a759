import { TOKEN_JSON, completionJson, tokenIndex } from "../gpu/token-text.js";
import type { SseFrames, Usage } from "../http/sse.js";
import { outputMessageJson, responseJson, type ResponseIds } from "./response-object.js";
import type { ResponsesRequest } from "./responses-request.js";

function event(type: string, data: string): string {
  return `event: ${type}\ndata: ${data}\n\n`;
}

/** Events sent before the first delta (created, in_progress, output_item.added, content_part.added). */
const EVENTS_BEFORE_TEXT = 4;

/**
 * The SSE events of one streamed response, named as OpenAI's Responses API names them: response.created,
 * response.in_progress, response.output_item.added, response.content_part.added, one response.output_text.delta per
 * token, then output_text.done, content_part.done, output_item.done and response.completed (response.incomplete when
 * max_output_tokens cut it short). Every event carries its sequence_number; there is no [DONE].
 */
export class ResponseFrames implements SseFrames {
  private readonly deltaHead: string;
  private seqAfterText = 0;
  private reason: "stop" | "length" = "stop";

  constructor(
    private readonly req: ResponsesRequest,
    private readonly ids: ResponseIds,
    private readonly modelJson: string,
    private readonly textStart: number,
    private readonly usage: Usage
  ) {
    this.deltaHead =
      `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"${ids.messageId}",` +
      `"output_index":0,"content_index":0,"delta":`;
  }

  private response(reason: "stop" | "length" | null): string {
    return responseJson(this.req, this.ids, this.modelJson, reason, this.textStart, this.usage);
  }

  role(): string {
    const part = `{"type":"output_text","text":"","annotations":[]}`;
    return (
      event("response.created", `{"type":"response.created","sequence_number":0,"response":${this.response(null)}}`) +
      event(
        "response.in_progress",
        `{"type":"response.in_progress","sequence_number":1,"response":${this.response(null)}}`
      ) +
      event(
        "response.output_item.added",
        `{"type":"response.output_item.added","sequence_number":2,"output_index":0,` +
          `"item":${outputMessageJson(this.ids, null, "in_progress")}}`
      ) +
      event(
        "response.content_part.added",
        `{"type":"response.content_part.added","sequence_number":3,"item_id":"${this.ids.messageId}",` +
          `"output_index":0,"content_index":0,"part":${part}}`
      )
    );
  }

  token(start: number, i: number): string {
    const seq = EVENTS_BEFORE_TEXT + i;
    return `${this.deltaHead}${TOKEN_JSON[tokenIndex(start, i)]},"logprobs":[],"sequence_number":${seq}}\n\n`;
  }

  finish(reason: "stop" | "length"): string {
    const text = completionJson(this.textStart, this.usage.completion);
    let seq = EVENTS_BEFORE_TEXT + this.usage.completion;
    const at = `"item_id":"${this.ids.messageId}","output_index":0,"content_index":0`;
    const itemStatus = reason === "length" ? "incomplete" : "completed";
    const frames =
      event(
        "response.output_text.done",
        `{"type":"response.output_text.done","sequence_number":${seq++},${at},"text":${text},"logprobs":[]}`
      ) +
      event(
        "response.content_part.done",
        `{"type":"response.content_part.done","sequence_number":${seq++},${at},` +
          `"part":{"type":"output_text","text":${text},"annotations":[]}}`
      ) +
      event(
        "response.output_item.done",
        `{"type":"response.output_item.done","sequence_number":${seq++},"output_index":0,` +
          `"item":${outputMessageJson(this.ids, text, itemStatus)}}`
      );
    this.seqAfterText = seq;
    this.reason = reason;
    return frames;
  }

  /** The last event carries the whole response, with its usage. */
  usageFrame(): string {
    return "";
  }

  malformed(): string {
    return `${this.deltaHead}"tru\n\n`;
  }

  keepAlive(): string {
    return ": keep-alive\n\n";
  }

  /** response.completed (or response.incomplete): the whole response with its output and usage. */
  done(): string {
    const type = this.reason === "length" ? "response.incomplete" : "response.completed";
    return event(
      type,
      `{"type":"${type}","sequence_number":${this.seqAfterText},"response":${this.response(this.reason)}}`
    );
  }
}
