import type { Clock, Timer } from "@faultline/core";
import type { Dispatcher } from "undici";
import type { ClientOptions } from "../defaults.js";
import type { Attempt, AttemptResult, RequestContext } from "../context.js";
import { classifyHttp, parseRetryAfter } from "./classify.js";
import { payloadFor } from "./payload.js";
import { readStream } from "./stream.js";

/** Why an attempt's own controller fired; set before abort() so the catch can tell. */
export interface AbortNote { reason: "timeout" | "stall" | "cancelled" | null }

/** A failed attempt's result with no body. */
export function failed(attempt: Attempt, errorClass: string, error: string, disposition: AttemptResult["disposition"] = "retry", status: number | null = null): AttemptResult {
  return { ok: false, status, endpoint: attempt.endpoint, errorClass, error, disposition, retryAfterMs: null, firstByteAt: null, promptTokens: 0, completionTokens: 0 };
}

/** What a thrown error during an attempt means, given who aborted it. */
export function thrownResult(ctx: RequestContext, attempt: Attempt, note: AbortNote, err: unknown, afterHeaders: boolean): AttemptResult {
  if (ctx.aborted) return { ...failed(attempt, "deadline", "end-to-end deadline passed or the caller gave up", "final"), cancelled: true };
  if (note.reason === "cancelled" || attempt.controller.signal.reason === "cancelled") return { ...failed(attempt, "cancelled", "cancelled (another attempt won)", "final"), cancelled: true };
  if (note.reason === "timeout") return failed(attempt, "timeout", "no first byte within the first-byte timeout");
  if (note.reason === "stall") return failed(attempt, "stream_stall", "stream stalled mid-answer");
  const msg = (err as Error)?.message || String(err);
  return failed(attempt, afterHeaders ? "stream_cut" : "connect", afterHeaders ? `connection lost mid-answer: ${msg}` : msg);
}

/**
 * Sends one attempt to its endpoint and classifies what came back. Never
 * throws: every failure becomes an AttemptResult with a class.
 */
export async function send(ctx: RequestContext, attempt: Attempt, clock: Clock, options: ClientOptions): Promise<AttemptResult> {
  const e = attempt.endpoint!;
  const note: AbortNote = { reason: null };
  const resume = ctx.owner !== null;
  const firstByteMs = attemptTimeoutMs(ctx, options, clock.now());
  let timer: Timer = clock.setTimeout(() => { note.reason = "timeout"; attempt.controller.abort(); }, firstByteMs);
  let res: Dispatcher.ResponseData;
  try {
    res = await e.pool.request({ path: e.completionsPath, method: "POST", headers: e.headers, body: payloadFor(ctx, e, resume), signal: attempt.controller.signal });
  } catch (err) {
    clock.clearTimeout(timer);
    return thrownResult(ctx, attempt, note, err, false);
  }
  const headersAt = clock.now();
  if (res.statusCode !== 200) {
    clock.clearTimeout(timer);
    const text = await res.body.text().catch(() => "");
    const c = classifyHttp(res.statusCode, text);
    const r = failed(attempt, c.errorClass, c.error, c.disposition, res.statusCode);
    r.body = safeParse(text);
    r.bodyText = text;
    if (res.statusCode === 429) r.retryAfterMs = parseRetryAfter(res.headers["retry-after"], Date.now(), res.headers["retry-after-ms"]);
    return r;
  }
  if (ctx.stream) {
    clock.clearTimeout(timer);
    return readStream(ctx, attempt, res, clock, options, note, resume);
  }
  clock.clearTimeout(timer);
  timer = undefined;
  let text: string;
  try { text = await res.body.text(); } catch (err) { return thrownResult(ctx, attempt, note, err, true); }
  const body = safeParse(text) as { choices?: unknown; usage?: { prompt_tokens?: number; completion_tokens?: number } } | undefined;
  if (!body || !Array.isArray(body.choices)) return failed(attempt, "malformed", "upstream answered 200 with a body that is not a chat completion");
  return {
    ok: true, status: 200, endpoint: e, errorClass: null, error: null, disposition: "done", retryAfterMs: null, firstByteAt: headersAt,
    body, bodyText: text, promptTokens: body.usage?.prompt_tokens ?? 0, completionTokens: body.usage?.completion_tokens ?? 0,
  };
}

/**
 * How long this attempt may wait for response headers. A stream's headers come
 * before the first token; a non-streamed answer's headers come with the whole
 * answer, so it also gets time to generate max_tokens. Never past the deadline.
 */
export function attemptTimeoutMs(ctx: RequestContext, options: ClientOptions, now: number): number {
  const remaining = Math.max(0, ctx.deadlineAt - now);
  if (options.firstByteTimeoutMs <= 0) return remaining;
  const b = ctx.body as { max_tokens?: unknown; max_completion_tokens?: unknown };
  const maxTokens = Number(b.max_completion_tokens ?? b.max_tokens ?? 512) || 512;
  const generation = ctx.stream ? 0 : maxTokens * options.nonStreamMsPerToken;
  return Math.min(options.firstByteTimeoutMs + generation, remaining);
}

function safeParse(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}
