import { util, type Dispatcher } from "undici";
import { ResponseTooLargeError } from "./limits.js";

type Headers = Record<string, string | string[] | undefined>;

/**
 * A whole answer read into memory: what a non-streamed chat completion needs.
 * The headers are parsed on first read: a 200 is used for its body alone, and
 * parsing every header into an object was the largest undici function in a
 * profile of the gateway benchmark (docs/client.md, "Gateway overhead"). Only a
 * failure's headers are read (Retry-After).
 */
export class BufferedResponse {
  private parsed: Headers | null = null;

  constructor(
    readonly statusCode: number,
    private readonly rawHeaders: Buffer[],
    readonly text: string
  ) {}

  get headers(): Headers {
    return (this.parsed ??= util.parseHeaders(this.rawHeaders) as Headers);
  }
}

/** Thrown when the connection failed after the headers came; the caller classifies it as a cut answer. */
export class BodyError extends Error {
  /** The error undici reported. */
  override readonly cause: unknown;
  constructor(cause: unknown) {
    super((cause as Error)?.message || String(cause));
    this.cause = cause;
  }
}

/** A buffered request in flight: its outcome, and a way to abort it. */
export interface BufferedExchange {
  readonly done: Promise<BufferedResponse>;
  /** Aborts the request (a no-op once it settled); `done` rejects with an AbortError carrying `reason`. */
  abort(reason?: unknown): void;
}

/**
 * Sends one request and buffers the whole body through undici's dispatch
 * handler API. `pool.request()` wraps every answer in a Readable stream and an
 * AsyncResource; for a small buffered answer that machinery cost more CPU than
 * the HTTP exchange itself (the e2e capacity profile, docs/BENCHMARKS.md).
 * It uses undici's classic handler callbacks, which undici's dispatchers and
 * ConnectionPool take without wrapping them in an adapter per request.
 * `onHeaders` runs when the status line and headers arrive. `done` rejects
 * with an AbortError after abort(), with a BodyError when the body is cut
 * after the headers, with a ResponseTooLargeError when the body passes
 * `maxBytes` (the connection is dropped then: what is left is never read),
 * else with undici's connection error.
 */
export function bufferedRequest(
  dispatcher: Dispatcher,
  opts: Dispatcher.DispatchOptions,
  onHeaders: () => void,
  maxBytes = Infinity
): BufferedExchange {
  let statusCode = 0;
  let rawHeaders: Buffer[] = [];
  let chunks: Buffer[] | null = null;
  let first: Buffer | null = null;
  let settled = false;
  let abortReason: { reason: unknown } | null = null;
  let size = 0;
  let tooLarge: ResponseTooLargeError | null = null;
  let settle: { resolve: (r: BufferedResponse) => void; reject: (e: unknown) => void } | null = null;
  const done = new Promise<BufferedResponse>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = (err: unknown, value?: BufferedResponse) => {
    if (settled) return;
    settled = true;
    if (err !== undefined) settle!.reject(err);
    else settle!.resolve(value!);
  };
  let abortConnection: ((err?: Error) => void) | null = null;
  dispatcher.dispatch(opts, {
    onConnect(abort) {
      abortConnection = abort;
      if (abortReason) abort(abortError(abortReason.reason));
    },
    onHeaders(code, headers) {
      statusCode = code;
      rawHeaders = headers;
      onHeaders();
      return true;
    },
    onData(chunk) {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = new ResponseTooLargeError("maxResponseBytes", size);
        abortConnection?.(tooLarge);
        return false;
      }
      // Most answers arrive in one chunk: keep it without an array.
      if (first === null) first = chunk;
      else (chunks ??= [first]).push(chunk);
      return true;
    },
    onComplete() {
      const text = chunks ? Buffer.concat(chunks).toString("utf8") : first ? first.toString("utf8") : "";
      finish(undefined, new BufferedResponse(statusCode, rawHeaders, text));
    },
    onError(err) {
      if (abortReason) finish(abortError(abortReason.reason));
      else if (tooLarge) finish(tooLarge);
      else finish(statusCode !== 0 ? new BodyError(err) : err);
    },
  });
  return {
    done,
    abort(reason?: unknown) {
      if (settled || abortReason) return;
      abortReason = { reason };
      if (abortConnection) abortConnection(abortError(reason));
    },
  };
}

function abortError(reason: unknown): Error {
  const e = new Error("This operation was aborted");
  e.name = "AbortError";
  (e as Error & { reason?: unknown }).reason = reason;
  return e;
}
