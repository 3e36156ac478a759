import type { Clock, Timer } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { Attempt, AttemptResult } from "../attempt.js";
import type { RequestContext } from "../request-context.js";
import { attemptTimeoutMs, failed, succeeded, thrownResult, type AbortNote } from "./send.js";
import { ResponseTooLargeError } from "./limits.js";
import { SseLines } from "./sse-lines.js";
import { IdleTimer } from "./idle-timer.js";
import type { StreamReader } from "./stream.js";
import { ReadFlush } from "./read-flush.js";

/** The events that end a Responses API stream with its whole response. */
const TERMINAL = new Set(["response.completed", "response.incomplete"]);
/** The events that end it with an error. */
const FAILED = new Set(["error", "response.failed"]);

interface ResponsesEvent {
  type?: string;
  response?: { usage?: { input_tokens?: number; output_tokens?: number } };
  message?: string;
  error?: { message?: string } | string;
}

/**
 * Reads an upstream stream of OpenAI's Responses API. Events are forwarded (their `data:` lines; each carries its
 * `type`) as soon as the first arrives: this attempt then owns the caller's stream. There is no resume: a Responses
 * stream cannot be continued from a prefill, so a stream that breaks after its first event fails with disposition
 * final, and the caller gets the client's stream_aborted frame. The answer is whole when `response.completed` (or
 * `response.incomplete`) arrives; its response object is the attempt's body, as a non-streamed answer's would be.
 */
export function responsesStreamReader(
  ctx: RequestContext,
  attempt: Attempt,
  clock: Clock,
  options: ClientOptions,
  note: AbortNote
): StreamReader {
  const name = attempt.endpoint!.name;
  const lines = new SseLines(options.maxSseLineBytes);
  const flush = new ReadFlush(ctx.onFlush);
  const abortFor = (reason: AbortNote["reason"]) => () => {
    note.reason = reason;
    attempt.controller.abort();
  };
  const ttftTimer: Timer = clock.setTimeout(abortFor("timeout"), attemptTimeoutMs(ctx, options, clock.now()));
  // Armed at the first upstream read; each read after it moves it.
  let stall: IdleTimer | null = null;
  const stallMs = options.streamStallMs > 0 ? options.streamStallMs : Math.max(1, ctx.deadlineAt - clock.now());
  let owner = false;
  let firstAt: number | null = null;
  let final: ResponsesEvent["response"] | undefined;
  let deltas = 0;
  let size = 0;
  const broken = (r: AttemptResult): AttemptResult => {
    r.completionTokens = deltas;
    if (owner) r.disposition = "final";
    return r;
  };
  return {
    onData(chunk) {
      if (stall) stall.touch();
      else {
        clock.clearTimeout(ttftTimer);
        stall = new IdleTimer(clock, stallMs, abortFor("stall"));
      }
      size += chunk.length;
      if (size > options.maxResponseBytes) throw new ResponseTooLargeError("maxResponseBytes", size);
      for (const line of lines.push(chunk)) {
        if (!line.startsWith("data:")) continue;
        const payload = line.slice(5).trim();
        let event: ResponsesEvent;
        try {
          event = JSON.parse(payload) as ResponsesEvent;
        } catch {
          continue;
        }
        if (!owner) {
          owner = true;
          ctx.owner = attempt;
          firstAt = clock.now();
          ctx.firstByteAt ??= firstAt;
          for (const other of ctx.live) if (other !== attempt) other.controller.abort("cancelled");
        }
        const type = event.type ?? "";
        if (FAILED.has(type)) {
          const e = event.error;
          throw new Error(`upstream error mid-stream: ${typeof e === "string" ? e : (e?.message ?? event.message)}`);
        }
        if (type === "response.output_text.delta") deltas++;
        if (TERMINAL.has(type)) final = event.response;
        ctx.onChunk?.(payload, name, ctx.attempts);
      }
      // The events of this read go out together (the gateway writes them to its caller in one write).
      flush.afterRead();
    },
    fail(err) {
      clock.clearTimeout(ttftTimer);
      stall?.stop();
      flush.beforeFailing();
      return broken(thrownResult(ctx, attempt, note, err, true));
    },
    /** The body ended: whole once response.completed (or .incomplete) came. */
    end() {
      clock.clearTimeout(ttftTimer);
      stall?.stop();
      flush.now();
      if (final === undefined)
        return broken(failed(attempt, "stream_cut", "upstream stream ended without response.completed"));
      const r = succeeded(
        attempt.endpoint,
        firstAt,
        final.usage?.input_tokens ?? 0,
        final.usage?.output_tokens ?? deltas
      );
      r.body = final;
      return r;
    },
  };
}
