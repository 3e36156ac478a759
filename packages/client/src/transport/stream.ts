import type { Clock, Timer } from "@faultline/core";
import type { Dispatcher } from "undici";
import type { ClientOptions } from "../defaults.js";
import type { Attempt, AttemptResult, RequestContext } from "../context.js";
import { attemptTimeoutMs, failed, thrownResult, type AbortNote } from "./send.js";
import { ResponseTooLargeError } from "./limits.js";
import { SseLines } from "./sse-lines.js";

interface Frame {
  content: string;
  finish: boolean;
  error: string | null;
  usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
}

function parseFrame(payload: string): Frame | null {
  let obj: {
    choices?: Array<{ delta?: { content?: unknown }; finish_reason?: unknown }>;
    error?: { message?: string } | string;
    usage?: Frame["usage"];
  };
  try {
    obj = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof obj !== "object" || obj === null) return null;
  if (obj.error)
    return {
      content: "",
      finish: false,
      error: typeof obj.error === "string" ? obj.error : (obj.error.message ?? "upstream error"),
      usage: undefined,
    };
  const choice = obj.choices?.[0];
  const content = typeof choice?.delta?.content === "string" ? choice.delta.content : "";
  return { content, finish: typeof choice?.finish_reason === "string", error: null, usage: obj.usage ?? undefined };
}

/**
 * Reads an upstream SSE stream. Frames are held back until the first token,
 * so the request can still fail over; from then on this attempt owns the
 * caller's stream and frames are forwarded as they come. The result is ok
 * only when a finish_reason and [DONE] both arrived: a cut, stalled or
 * [DONE]-less stream is never a success. Malformed frames are skipped.
 */
export async function readStream(
  ctx: RequestContext,
  attempt: Attempt,
  res: Dispatcher.ResponseData,
  clock: Clock,
  options: ClientOptions,
  note: AbortNote,
  resume: boolean
): Promise<AttemptResult> {
  const pending: string[] = [];
  const name = attempt.endpoint!.name;
  let owner = false,
    finished = false,
    done = false,
    tokens = 0,
    malformed = 0,
    firstTokenAt: number | null = null;
  let usage: Frame["usage"];
  let size = 0;
  const lines = new SseLines(options.maxSseLineBytes);
  const abortFor = (reason: AbortNote["reason"]) => () => {
    note.reason = reason;
    attempt.controller.abort();
  };
  const ttftMs = attemptTimeoutMs(ctx, options, clock.now());
  let timer: Timer = clock.setTimeout(abortFor("timeout"), ttftMs);
  // Stall detection off (0): the request's deadline still ends a silent stream. (A timer of Infinity would fire at
  // once.)
  const stallMs = options.streamStallMs > 0 ? options.streamStallMs : Math.max(1, ctx.deadlineAt - clock.now());
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (owner) {
        clock.clearTimeout(timer);
        timer = clock.setTimeout(abortFor("stall"), stallMs);
      }
      size += chunk.length;
      if (size > options.maxResponseBytes) throw new ResponseTooLargeError("maxResponseBytes", size);
      for (const line of lines.push(chunk)) {
        if (!line.startsWith("data:")) continue;
        const payload = line.slice(5).trim();
        if (payload === "[DONE]") {
          done = true;
          continue;
        }
        const frame = parseFrame(payload);
        if (!frame) {
          malformed += 1;
          continue;
        }
        if (frame.error) throw new Error(`upstream error mid-stream: ${frame.error}`);
        if (frame.usage) usage = frame.usage;
        if (!owner) {
          if (frame.content === "" && !frame.finish) {
            if (!resume) pending.push(payload);
            continue;
          }
          if (ctx.owner && ctx.owner !== attempt && ctx.live.has(ctx.owner)) throw new Error("lost the race");
          owner = true;
          ctx.owner = attempt;
          firstTokenAt = clock.now();
          ctx.firstByteAt ??= firstTokenAt;
          for (const other of ctx.live) if (other !== attempt) other.controller.abort("cancelled");
          for (const p of pending) ctx.onChunk?.(p, name, ctx.attempts);
          clock.clearTimeout(timer);
          timer = clock.setTimeout(abortFor("stall"), stallMs);
        }
        if (frame.content) {
          tokens += 1;
          ctx.sentText += frame.content;
          ctx.sentTokens += 1;
        }
        if (frame.finish) finished = true;
        ctx.onChunk?.(payload, name, ctx.attempts);
      }
    }
  } catch (err) {
    clock.clearTimeout(timer);
    if (!owner && (err as Error)?.message === "lost the race") note.reason = "cancelled";
    const r = thrownResult(ctx, attempt, note, err, true);
    r.completionTokens = tokens;
    if (!owner && note.reason === "timeout") r.error = "no first token within the time-to-first-token deadline";
    return r;
  }
  clock.clearTimeout(timer);
  if (!done || !finished) {
    const r = failed(
      attempt,
      malformed > 0 && !owner ? "malformed" : "stream_cut",
      `upstream stream ended without ${!finished ? "a finish_reason" : "[DONE]"}` +
        (malformed ? ` (${malformed} malformed frames skipped)` : "")
    );
    r.completionTokens = tokens;
    return r;
  }
  return {
    ok: true,
    status: 200,
    endpoint: attempt.endpoint,
    errorClass: null,
    error: null,
    disposition: "done",
    retryAfterMs: null,
    firstByteAt: firstTokenAt,
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? tokens,
  };
}
