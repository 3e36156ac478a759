import type { FailureClass } from "@faultline/contracts";

/**
 * The load generator's own verdict on an answer, whatever the system under
 * test claimed: a 200 is not a success unless it carries a whole chat
 * completion. This is how a gateway that passes a cut stream on as a success
 * (Portkey #1797) is caught.
 */
export interface Verdict {
  ok: boolean;
  errorClass: FailureClass | null;
  error: string | null;
  completionTokens: number;
  promptTokens: number;
  /** The answer's text as received, when there was one (for the text check against what the nodes sent). */
  text: string | null;
}

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}
interface Choice {
  finish_reason?: string | null;
  delta?: { content?: unknown };
  message?: { content?: unknown; tool_calls?: unknown };
}
interface Chunk {
  choices?: Choice[];
  usage?: Usage | null;
  error?: { message?: string };
}

/** Judges a non-streamed answer's parsed body. */
export function judgeCompletion(body: unknown): Verdict {
  const b = body as Chunk | null;
  const choice = Array.isArray(b?.choices) ? b!.choices[0] : undefined;
  const content = choice?.message?.content;
  if (!choice || (typeof content !== "string" && choice.message?.tool_calls === undefined)) {
    return fail("malformed", "answered 200 with a body that is not a chat completion");
  }
  if (!choice.finish_reason) return fail("malformed", "the chat completion has no finish_reason");
  return {
    ok: true,
    errorClass: null,
    error: null,
    completionTokens: b?.usage?.completion_tokens ?? 0,
    promptTokens: b?.usage?.prompt_tokens ?? 0,
    text: typeof content === "string" ? content : null,
  };
}

/** Follows a stream chunk by chunk; `verdict()` at its end. */
export class StreamJudge {
  private finishReason: string | null = null;
  private problem: { errorClass: FailureClass; error: string } | null = null;
  private contentChunks = 0;
  private text = "";
  private usage: Usage | null = null;

  /** One SSE `data:` payload as sent. */
  onData(data: string): void {
    if (data === "[DONE]") return;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.problem ??= { errorClass: "malformed", error: "a stream event is not JSON" };
      return;
    }
    this.onChunk(chunk);
  }

  /** One parsed stream chunk (the SDK hands these over already parsed). */
  onChunk(chunk: unknown): void {
    const c = chunk as Chunk | null;
    if (c?.error) {
      this.problem ??= {
        errorClass: "stream_cut",
        error: `error event mid-stream: ${c.error.message ?? "no message"}`,
      };
      return;
    }
    if (c?.usage) this.usage = c.usage;
    const choice = Array.isArray(c?.choices) ? c!.choices[0] : undefined;
    if (!choice) return;
    if (typeof choice.delta?.content === "string" && choice.delta.content !== "") {
      this.contentChunks++;
      this.text += choice.delta.content;
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  /** The verdict once the stream has ended (cleanly, as far as the transport could tell). */
  verdict(): Verdict {
    const tokens = {
      completionTokens: this.usage?.completion_tokens ?? this.contentChunks,
      promptTokens: this.usage?.prompt_tokens ?? 0,
      text: this.text,
    };
    if (this.problem) return { ok: false, ...this.problem, ...tokens };
    if (this.finishReason === null)
      return {
        ok: false,
        errorClass: "stream_cut",
        error: "the stream ended without a finish_reason (a cut stream passed on as a success)",
        ...tokens,
      };
    return { ok: true, errorClass: null, error: null, ...tokens };
  }

  /** Tokens seen so far, for a stream that broke off. */
  tokensSoFar(): number {
    return this.usage?.completion_tokens ?? this.contentChunks;
  }
}

function fail(errorClass: FailureClass, error: string): Verdict {
  return { ok: false, errorClass, error, completionTokens: 0, promptTokens: 0, text: null };
}

/** An error body whose `code` is `residency` (faultline's gateway failing closed). */
const RESIDENCY_REFUSAL = /"code"\s*:\s*"residency"/;

/** The failure class of a non-200 answer, as faultline's own client names them. */
export function httpErrorClass(status: number, body = ""): FailureClass {
  if (status === 429) return "http_429";
  // A gateway that refused for residency and said so in an OpenAI-shaped body (faultline's does): a kept promise.
  if (status >= 500 && RESIDENCY_REFUSAL.test(body)) return "residency";
  if (status >= 500) return "http_5xx";
  return "http_4xx";
}
