import type { Clock, Timer } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { Attempt, AttemptResult } from "../attempt.js";
import type { RequestContext } from "../request-context.js";
import { attemptTimeoutMs, failed, succeeded, thrownResult, type AbortNote } from "./send.js";
import { ResponseTooLargeError } from "./limits.js";
import { SseLines } from "./sse-lines.js";
import { StreamIdentity, wantsUsage, type ChunkObject } from "./coherent-stream.js";
import { IdleTimer } from "./idle-timer.js";
import { ContentFrameTemplate } from "./content-frame-template.js";
import type { BodyReader } from "./http-exchange.js";
import { ReadFlush } from "./read-flush.js";

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

interface Frame {
  content: string;
  finish: boolean;
  /** A frame with no choice at all (OpenAI's final usage chunk has `choices: []`). */
  empty: boolean;
  error: string | null;
  usage: ChunkObject["usage"] | undefined;
  chunk: ChunkObject;
}

function parseFrame(payload: string): Frame | null {
  let obj: ChunkObject & {
    choices?: Array<{ delta?: { content?: unknown }; finish_reason?: unknown }>;
    error?: { message?: string } | string;
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
      empty: true,
      error: typeof obj.error === "string" ? obj.error : (obj.error.message ?? "upstream error"),
      usage: undefined,
      chunk: obj,
    };
  const choice = obj.choices?.[0];
  const content = typeof choice?.delta?.content === "string" ? choice.delta.content : "";
  return {
    content,
    finish: typeof choice?.finish_reason === "string",
    empty: choice === undefined,
    error: null,
    usage: obj.usage ?? undefined,
    chunk: obj,
  };
}

/** An attempt's reader of a 200 stream: its chunks as they come, then what the attempt came to, whole or broken. */
export interface StreamReader extends BodyReader<AttemptResult> {
  /** The stream broke: what threw in onData, an abort (timeout, stall, cancel), or the connection's error. */
  fail(err: unknown): AttemptResult;
}

/**
 * Reads an upstream SSE stream, from its headers on. Frames are held back until the first token,
 * so the request can still fail over; from then on this attempt owns the
 * caller's stream and frames are forwarded as they come, re-badged with the
 * first owner's id and model when this attempt resumes another's answer. The
 * upstream's usage chunk is held back: the caller gets one at the end, summing
 * every attempt that delivered part of the answer (coherent-stream.ts).
 *
 * The result is ok once a finish_reason arrived: the answer is whole. A stream
 * that then ends without [DONE] is an anomaly, reported, not a cut: resuming a
 * finished answer would cost an upstream call and could only add text the
 * model never meant. A cut or stalled stream is never a success. Malformed
 * frames are skipped.
 */
export function chatStreamReader(
  ctx: RequestContext,
  attempt: Attempt,
  clock: Clock,
  options: ClientOptions,
  note: AbortNote,
  resume: boolean
): StreamReader {
  const pending: string[] = [];
  const name = attempt.endpoint!.name;
  let owner = false,
    rebadge = false,
    finished = false,
    done = false,
    tokens = 0,
    malformed = 0,
    firstTokenAt: number | null = null;
  let usage: Frame["usage"];
  let heldUsage: ChunkObject | null = null,
    heldUsageText: string | null = null;
  let size = 0;
  const lines = new SseLines(options.maxSseLineBytes);
  const template = new ContentFrameTemplate();
  const flush = new ReadFlush(ctx.onFlush);
  // This attempt's part of the answer goes into the request's totals once: an end whose last flush or usage frame
  // throws in the caller's callback fails the attempt after it was counted.
  let counted = false;
  const count = (): void => {
    if (counted) return;
    counted = true;
    ctx.identity!.add(usage, tokens);
  };
  /** A token of this attempt's answer: counted, and kept for a resume. */
  const took = (text: string) => {
    tokens += 1;
    ctx.sentText += text;
    ctx.sentTokens += 1;
  };
  const abortFor = (reason: AbortNote["reason"]) => () => {
    note.reason = reason;
    attempt.controller.abort();
  };
  const ttftMs = attemptTimeoutMs(ctx, options, clock.now());
  const ttftTimer: Timer = clock.setTimeout(abortFor("timeout"), ttftMs);
  // Armed at the first token; from then on each upstream read moves it.
  // Typed by a cast: it is set inside onLine, and a declared null would narrow it to null here.
  let stall = null as IdleTimer | null;
  // Stall detection off (0): the request's deadline still ends a silent stream. (A timer of Infinity would fire at
  // once.)
  const stallMs = options.streamStallMs > 0 ? options.streamStallMs : Math.max(1, ctx.deadlineAt - clock.now());
  /** One SSE line of the upstream's, decoded. */
  const onLine = (line: string): void => {
    if (!line.startsWith("data:")) return;
    let payload = line.slice(5).trim();
    if (payload === "[DONE]") {
      done = true;
      return;
    }
    // A token frame like the last one parsed is read without parsing, once this attempt owns the answer and
    // passes its frames on as they are.
    const text = owner && !rebadge ? template.contentOf(payload) : null;
    if (text !== null) {
      if (text !== "") took(text);
      ctx.onChunk?.(payload, name, ctx.attempts);
      return;
    }
    const frame = parseFrame(payload);
    if (!frame) {
      malformed += 1;
      return;
    }
    if (frame.error) throw new Error(`upstream error mid-stream: ${frame.error}`);
    if (frame.usage) {
      usage = frame.usage;
      if (frame.empty) {
        heldUsage = frame.chunk;
        heldUsageText = payload;
        return;
      }
      // Usage riding on a content or finish frame: the caller gets it once, at the end.
      delete frame.chunk.usage;
      payload = JSON.stringify(frame.chunk);
    }
    if (!owner) {
      if (frame.content === "" && !frame.finish) {
        if (!resume) pending.push(payload);
        return;
      }
      if (ctx.owner && ctx.owner !== attempt && ctx.live.has(ctx.owner)) throw new Error("lost the race");
      owner = true;
      ctx.owner = attempt;
      attempt.onAnswering?.();
      const c = frame.chunk;
      rebadge = ctx.identity !== null;
      ctx.identity ??= new StreamIdentity(c.id, c.model, c.created, name);
      firstTokenAt = clock.now();
      ctx.firstByteAt ??= firstTokenAt;
      for (const other of ctx.live) if (other !== attempt) other.controller.abort("cancelled");
      for (const p of pending) ctx.onChunk?.(p, name, ctx.attempts);
      clock.clearTimeout(ttftTimer);
      stall = new IdleTimer(clock, stallMs, abortFor("stall"));
    }
    if (frame.content) {
      took(frame.content);
      if (!frame.finish && !frame.usage && !rebadge) template.learn(payload, frame.content);
    }
    if (frame.finish) finished = true;
    if (rebadge) ctx.onChunk?.(ctx.identity!.rebadge(frame.chunk), ctx.identity!.endpoint, ctx.attempts);
    else ctx.onChunk?.(payload, name, ctx.attempts);
  };
  /**
   * The line bytes[from, to) (its newline excluded) when it is blank or a token frame of the learnt template, which
   * is then taken and passed on without decoding the line; false for any other line, which goes to onLine.
   */
  const tookBytes = (bytes: Buffer, from: number, to: number): boolean => {
    if (to === from) return true;
    const start = template.contentStartInLine(bytes, from, to);
    if (start < 0) return false;
    const end = to - template.tailBytes;
    // Plain ASCII between the template's texts: latin1 reads it as UTF-8 would, and faster.
    if (end > start) took(bytes.toString("latin1", start, end));
    if (ctx.onTokenBytes !== undefined) ctx.onTokenBytes(template, bytes, start, to, name);
    // UTF-8 from the content on: the content is ASCII, the frame's tail need not be.
    else ctx.onChunk?.(template.before + bytes.toString("utf8", start, to), name, ctx.attempts);
    return true;
  };
  /**
   * One chunk of an upstream read, taken a whole line at a time while nothing is held back (and this attempt's frames
   * are not re-badged). Once this attempt owns the answer and has learnt its token frame, the token frames of that
   * template are taken from the bytes and never become strings: the read's decoded text, each line, payload and frame
   * made most of the gateway's garbage while it relayed streams (issue 23). The lines before that go through the
   * decoder and onLine one by one, and the first line the template does not match ends the byte reading for the
   * chunk: the rest is decoded whole.
   */
  const onRead = (bytes: Buffer): void => {
    let from = 0;
    while (!rebadge && lines.atLineStart) {
      const nl = bytes.indexOf(NEWLINE, from);
      if (nl < 0) break;
      const to = nl > from && bytes[nl - 1] === CARRIAGE_RETURN ? nl - 1 : nl;
      const byTemplate = owner && template.before !== "";
      const taken = byTemplate && tookBytes(bytes, from, to);
      if (!taken) for (const line of lines.push(bytes.subarray(from, nl + 1))) onLine(line);
      from = nl + 1;
      if (byTemplate && !taken) break;
    }
    if (from < bytes.length) for (const line of lines.push(from === 0 ? bytes : bytes.subarray(from))) onLine(line);
  };
  return {
    onData(chunk) {
      stall?.touch();
      size += chunk.length;
      if (size > options.maxResponseBytes) throw new ResponseTooLargeError("maxResponseBytes", size);
      onRead(chunk);
      // The frames of this read go out together (the gateway writes them to its caller in one write).
      flush.afterRead();
    },
    fail(err) {
      clock.clearTimeout(ttftTimer);
      stall?.stop();
      // Frames of the read that broke, given before it did, go out before whatever ends the caller's stream.
      flush.beforeFailing();
      if (owner) count();
      if (!owner && (err as Error)?.message === "lost the race") note.reason = "cancelled";
      const r = thrownResult(ctx, attempt, note, err, true);
      r.completionTokens = tokens;
      if (!owner && note.reason === "timeout") r.error = "no first token within the time-to-first-token deadline";
      return r;
    },
    /** The body ended whole: the answer is whole once a finish_reason came. */
    end() {
      clock.clearTimeout(ttftTimer);
      stall?.stop();
      if (!finished) {
        flush.now();
        if (owner) count();
        const r = failed(
          attempt,
          malformed > 0 && !owner ? "malformed" : "stream_cut",
          `upstream stream ended without a finish_reason` +
            (malformed ? ` (${malformed} malformed frames skipped)` : "")
        );
        r.completionTokens = tokens;
        return r;
      }
      const identity = ctx.identity!;
      count();
      if (heldUsageText !== null || wantsUsage(ctx))
        ctx.onChunk?.(identity.usageFrame(heldUsage, heldUsageText), identity.endpoint, ctx.attempts);
      flush.now();
      const r = succeeded(attempt.endpoint, firstTokenAt, identity.promptTokens, identity.completionTokens);
      if (!done) r.anomaly = `the stream ended without [DONE] after its finish_reason${usage ? " and usage" : ""}`;
      return r;
    },
  };
}
