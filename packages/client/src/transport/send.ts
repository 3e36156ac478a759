import type { FailureClass } from "@faultline/contracts";
import type { Clock, Timer } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { Attempt, AttemptResult } from "../attempt.js";
import type { RequestContext } from "../request-context.js";
import { classifyHttp } from "./classify.js";
import { retryAfterMs } from "./retry-after.js";
import { payloadFor } from "./payload.js";
import { chatStreamReader, type StreamReader } from "./stream.js";
import { responsesStreamReader } from "./responses-stream.js";
import { bufferedRequest, parsedHeaders, type BufferedResponse } from "./buffered-request.js";
import { BodyError, httpExchange, type BodyReader, type HttpExchange } from "./http-exchange.js";
import { LazyAttempt } from "../policies/policy.js";
import type { Endpoint } from "../endpoint.js";
import { ERROR_BODY_MAX_BYTES, ResponseTooLargeError, TOO_LARGE } from "./limits.js";

/** Why an attempt's own controller fired; set before abort() so the catch can tell. */
export interface AbortNote {
  reason: "timeout" | "stall" | "cancelled" | null;
}

/** A failed attempt's result with no body. */
export function failed(
  attempt: Attempt,
  errorClass: FailureClass,
  error: string,
  disposition: AttemptResult["disposition"] = "retry",
  status: number | null = null
): AttemptResult {
  return {
    ok: false,
    status,
    endpoint: attempt.endpoint,
    errorClass,
    error,
    disposition,
    retryAfterMs: null,
    firstByteAt: null,
    promptTokens: 0,
    completionTokens: 0,
  };
}

/** A whole answer's result: its endpoint, when its first byte (or token) came, and the tokens it counted. */
export function succeeded(
  endpoint: AttemptResult["endpoint"],
  firstByteAt: number | null,
  promptTokens: number,
  completionTokens: number
): AttemptResult {
  return {
    ok: true,
    status: 200,
    endpoint,
    errorClass: null,
    error: null,
    disposition: "done",
    retryAfterMs: null,
    firstByteAt,
    promptTokens,
    completionTokens,
  };
}

/** What a thrown error during an attempt means, given who aborted it. */
export function thrownResult(
  ctx: RequestContext,
  attempt: Attempt,
  note: AbortNote,
  err: unknown,
  afterHeaders: boolean
): AttemptResult {
  if (ctx.aborted)
    return {
      ...failed(attempt, "deadline", "end-to-end deadline passed or the caller gave up", "final"),
      cancelled: true,
    };
  if (note.reason === "cancelled" || attempt.controller.signal.reason === "cancelled")
    return { ...failed(attempt, "cancelled", "cancelled (another attempt won)", "final"), cancelled: true };
  if (note.reason === "timeout") return failed(attempt, "timeout", "no first byte within the first-byte timeout");
  if (note.reason === "stall") return failed(attempt, "stream_stall", "stream stalled mid-answer");
  if (err instanceof ResponseTooLargeError) return failed(attempt, TOO_LARGE, err.message);
  const msg = (err as Error)?.message || String(err);
  return failed(
    attempt,
    afterHeaders ? "stream_cut" : "connect",
    afterHeaders ? `connection lost mid-answer: ${msg}` : msg
  );
}

/**
 * Sends one attempt to its endpoint and classifies what came back. Never
 * throws: every failure becomes an AttemptResult with a class.
 */
export async function send(
  ctx: RequestContext,
  attempt: Attempt,
  clock: Clock,
  options: ClientOptions
): Promise<AttemptResult> {
  if (!ctx.stream) return sendBuffered(ctx, attempt, clock, options);
  const e = attempt.endpoint!;
  const note: AbortNote = { reason: null };
  const resume = ctx.owner !== null;
  const firstByteMs = attemptTimeoutMs(ctx, options, clock.now());
  const timer: Timer = clock.setTimeout(() => {
    note.reason = "timeout";
    attempt.controller.abort();
  }, firstByteMs);
  // The answer's reader, chosen at its headers: the stream's, or an error body's.
  let reader: StreamReader | null = null;
  let refused: { statusCode: number; rawHeaders: Buffer[]; body: CappedText } | null = null;
  const exchange = httpExchange<AttemptResult | null>(
    e.pool,
    {
      origin: e.origin,
      path: pathFor(ctx, e),
      method: "POST",
      headers: headersFor(ctx, e),
      body: payloadFor(ctx, e, resume),
    },
    (statusCode, rawHeaders) => {
      clock.clearTimeout(timer);
      if (statusCode !== 200) {
        refused = { statusCode, rawHeaders, body: new CappedText(ERROR_BODY_MAX_BYTES) };
        return refused.body;
      }
      reader =
        ctx.api === "responses"
          ? responsesStreamReader(ctx, attempt, clock, options, note)
          : chatStreamReader(ctx, attempt, clock, options, note, resume);
      return reader;
    }
  );
  const unlink = abortWithAttempt(attempt, exchange);
  let result: AttemptResult | null;
  try {
    result = await exchange.done;
  } catch (err) {
    clock.clearTimeout(timer);
    if (reader !== null) return (reader as StreamReader).fail(err);
    // A cut error body still tells what it had.
    if (refused === null) return thrownResult(ctx, attempt, note, err, false);
    result = null;
  } finally {
    unlink();
  }
  if (result !== null) return result;
  const r = refused!;
  return httpFailure(attempt, r.statusCode, parsedHeaders(r.rawHeaders), r.body.text());
}

/**
 * An error answer's body, kept as text up to `max` bytes (ERROR_BODY_MAX_BYTES says why). Past `max` it throws, which
 * drops the connection. `end()` gives null: the answer is the status's, read by the caller.
 */
class CappedText implements BodyReader<null> {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly max: number) {}

  onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.max) throw new Error(`error body past ${this.max} bytes: the rest is not read`);
  }

  end(): null {
    return null;
  }

  text(): string {
    return Buffer.concat(this.chunks).subarray(0, this.max).toString("utf8");
  }
}

/**
 * Ties an exchange to its attempt's controller: whoever aborts the attempt (its timers, a rival's first token, the
 * caller) aborts the exchange. An attempt without a controller yet gets none until someone aborts it: an
 * AbortController and its listener cost a request more than the rest of its bookkeeping. Returns the untie.
 */
function abortWithAttempt(attempt: Attempt, exchange: HttpExchange<unknown>): () => void {
  const lazy = attempt instanceof LazyAttempt && !attempt.hasController ? attempt : null;
  const abortExchange = () => exchange.abort();
  if (lazy) lazy.onController = (c) => c.signal.addEventListener("abort", abortExchange, { once: true });
  else if (attempt.controller.signal.aborted) exchange.abort();
  else attempt.controller.signal.addEventListener("abort", abortExchange, { once: true });
  return () => {
    if (lazy) lazy.onController = null;
    if (!lazy || lazy.hasController) attempt.controller.signal.removeEventListener("abort", abortExchange);
  };
}

/** The endpoint's path for the request's API. */
function pathFor(ctx: RequestContext, e: Endpoint): string {
  return ctx.api === "responses" ? e.responsesPath : e.completionsPath;
}

/**
 * The endpoint's headers, with the caller's own (ChatOptions.headers; the endpoint's win, they carry its key) and
 * the request's x-request-id when it has one (a gateway passes its caller's on).
 */
function headersFor(ctx: RequestContext, e: Endpoint): Record<string, string> {
  if (ctx.headers !== null) {
    const h = { ...ctx.headers, ...e.headers };
    if (ctx.requestId !== null) h["x-request-id"] = ctx.requestId;
    return h;
  }
  return ctx.requestId === null ? e.headers : { ...e.headers, "x-request-id": ctx.requestId };
}

/** A non-streamed attempt: the whole answer is buffered (see buffered-request.ts for why not pool.request). */
async function sendBuffered(
  ctx: RequestContext,
  attempt: Attempt,
  clock: Clock,
  options: ClientOptions
): Promise<AttemptResult> {
  const e = attempt.endpoint!;
  const note: AbortNote = { reason: null };
  let timer: Timer = clock.setTimeout(
    () => {
      note.reason = "timeout";
      attempt.controller.abort();
    },
    attemptTimeoutMs(ctx, options, clock.now())
  );
  let headersAt = 0;
  const onHeaders = () => {
    headersAt = clock.now();
    clock.clearTimeout(timer);
    timer = undefined;
  };
  const exchange = bufferedRequest(
    e.pool,
    {
      origin: e.origin,
      path: pathFor(ctx, e),
      method: "POST",
      headers: headersFor(ctx, e),
      body: payloadFor(ctx, e, ctx.owner !== null),
    },
    onHeaders,
    options.maxResponseBytes
  );
  const unlink = abortWithAttempt(attempt, exchange);
  let res: BufferedResponse;
  try {
    res = await exchange.done;
  } catch (err) {
    clock.clearTimeout(timer);
    return thrownResult(ctx, attempt, note, err, err instanceof BodyError);
  } finally {
    unlink();
  }
  if (res.statusCode !== 200) return httpFailure(attempt, res.statusCode, res.headers, res.text);
  const text = res.text;
  const body = safeParse(text) as AnswerBody | undefined;
  const responses = ctx.api === "responses";
  if (!body || !Array.isArray(responses ? body.output : body.choices))
    return failed(
      attempt,
      "malformed",
      `upstream answered 200 with a body that is not a ${responses ? "response" : "chat completion"}`
    );
  const r = succeeded(
    e,
    headersAt,
    body.usage?.prompt_tokens ?? body.usage?.input_tokens ?? 0,
    body.usage?.completion_tokens ?? body.usage?.output_tokens ?? 0
  );
  r.body = body;
  r.bodyText = text;
  return r;
}

/** What a 200 answer is checked for: a chat completion's choices or a response's output, and usage in either form. */
interface AnswerBody {
  choices?: unknown;
  output?: unknown;
  usage?: { prompt_tokens?: number; completion_tokens?: number; input_tokens?: number; output_tokens?: number };
}

/** A non-200 answer, classified; rate limits, quota errors and overload carry the wait the provider asked for. */
function httpFailure(
  attempt: Attempt,
  statusCode: number,
  headers: Record<string, string | string[] | undefined>,
  text: string
): AttemptResult {
  const amzn = headers["x-amzn-errortype"];
  const c = classifyHttp(statusCode, text, Array.isArray(amzn) ? amzn[0] : amzn);
  const r = failed(attempt, c.errorClass, c.error, c.disposition, statusCode);
  r.body = safeParse(text);
  r.bodyText = text;
  // The classes whose endpoint rests (breaker-policy.ts) carry the provider's wait, in whichever form it sent it.
  if (c.errorClass === "http_429" || c.errorClass === "quota" || c.errorClass === "overloaded")
    r.retryAfterMs = retryAfterMs(headers, text);
  return r;
}

/** The tokens the request may generate: its max_tokens, or 512 when it names none (or nonsense). */
export function maxTokensOf(ctx: RequestContext): number {
  const b = ctx.body as { max_tokens?: unknown; max_completion_tokens?: unknown; max_output_tokens?: unknown };
  // A caller's nonsense (negative, NaN) must not shorten the timeout: the upstream answers it with a 400 anyway.
  const asked = Number(b.max_completion_tokens ?? b.max_tokens ?? b.max_output_tokens ?? 512);
  return asked >= 1 ? asked : 512;
}

/**
 * How long this attempt may wait for response headers. A stream's headers come
 * before the first token; a non-streamed answer's headers come with the whole
 * answer, so it also gets time to generate max_tokens. Never past the deadline
 * (rounded up to a whole millisecond).
 */
export function attemptTimeoutMs(ctx: RequestContext, options: ClientOptions, now: number): number {
  // Whole milliseconds, rounded up: timers of one duration share one Node timer list (see deadline.ts).
  const remaining = Math.max(0, Math.ceil(ctx.deadlineAt - now));
  if (options.firstByteTimeoutMs <= 0) return remaining;
  const generation = ctx.stream ? 0 : maxTokensOf(ctx) * options.nonStreamMsPerToken;
  return Math.min(options.firstByteTimeoutMs + generation, remaining);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
