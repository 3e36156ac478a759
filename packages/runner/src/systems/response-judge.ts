import type { FailureClass } from "@faultline/contracts";
import type { Verdict } from "./answer-judge.js";

/** A Responses API answer's verdict, with the response object itself (its id chains the conversation's next turn). */
export type ResponseVerdict = Verdict & { response: unknown };

interface ResponseObject {
  id?: unknown;
  status?: unknown;
  output?: unknown;
  usage?: { input_tokens?: number; output_tokens?: number };
}

/** The response's output text: its message items' output_text parts, joined; null when it has no message. */
function outputText(r: ResponseObject): string | null {
  if (!Array.isArray(r.output)) return null;
  let text: string | null = null;
  for (const item of r.output as Array<{ type?: unknown; content?: unknown }>) {
    if (item?.type !== "message" || !Array.isArray(item.content)) continue;
    for (const part of item.content as Array<{ type?: unknown; text?: unknown }>)
      if (part?.type === "output_text" && typeof part.text === "string") text = (text ?? "") + part.text;
  }
  return text;
}

/**
 * Judges a Responses API answer (a non-streamed body, or a stream's `response.completed` response): whole when it is
 * a response with an id (the next turn names it) and a message of output text, as OpenAI's API reference shows.
 */
export function judgeResponse(body: unknown): ResponseVerdict {
  const r = (body ?? {}) as ResponseObject;
  const text = outputText(r);
  if (typeof r.id !== "string" || text === null)
    return { ...fail("malformed", "answered 200 with a body that is not a response with output text"), response: body };
  return {
    ok: true,
    errorClass: null,
    error: null,
    completionTokens: r.usage?.output_tokens ?? 0,
    promptTokens: r.usage?.input_tokens ?? 0,
    text,
    response: body,
  };
}

/** Follows a Responses API stream event by event; `verdict()` at its end. */
export class ResponsesStreamJudge {
  private final: unknown = undefined;
  private problem: { errorClass: FailureClass; error: string } | null = null;
  private deltas = 0;

  /** One SSE `data:` payload as sent (each carries its `type`). */
  onData(data: string): void {
    let event: { type?: unknown; response?: unknown; error?: { message?: string }; message?: string };
    try {
      event = JSON.parse(data) as typeof event;
    } catch {
      this.problem ??= { errorClass: "malformed", error: "a stream event is not JSON" };
      return;
    }
    if (event.type === "error" || event.type === "response.failed") {
      const message = event.error?.message ?? event.message ?? "no message";
      this.problem ??= { errorClass: "stream_cut", error: `error event mid-stream: ${message}` };
    } else if (event.type === "response.output_text.delta") this.deltas++;
    else if (event.type === "response.completed" || event.type === "response.incomplete") this.final = event.response;
  }

  /** The verdict once the stream has ended: whole only with its completed response. */
  verdict(): ResponseVerdict {
    if (this.problem) return { ...fail(this.problem.errorClass, this.problem.error), response: undefined };
    if (this.final === undefined)
      return {
        ...fail("stream_cut", "the stream ended without response.completed (a cut stream passed on as a success)"),
        response: undefined,
      };
    return judgeResponse(this.final);
  }

  /** Output text deltas seen so far, for a stream that broke off. */
  tokensSoFar(): number {
    return this.deltas;
  }
}

function fail(errorClass: FailureClass, error: string): Verdict {
  return { ok: false, errorClass, error, completionTokens: 0, promptTokens: 0, text: null };
}
