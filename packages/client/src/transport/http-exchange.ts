import type { Dispatcher } from "undici";

/** What reads one answer's body: each chunk as it arrives, then what the whole body made. */
export interface BodyReader<T> {
  /** One chunk of the body. A throw ends the exchange: the connection is dropped and `done` rejects with it. */
  onData(chunk: Buffer): void;
  /** The body ended whole: what `done` resolves with. */
  end(): T;
}

/** An exchange in flight: its outcome, and a way to abort it. */
export interface HttpExchange<T> {
  readonly done: Promise<T>;
  /** Aborts the request (a no-op once it settled); `done` rejects with an AbortError carrying `reason`. */
  abort(reason?: unknown): void;
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

/**
 * Sends one request through undici's dispatch handler API and hands its answer's body, chunk by chunk, to the reader
 * `onHeaders` returns for its status and raw headers. `pool.request()` wraps every answer in a Readable stream, an
 * AsyncResource and an AbortSignal listener, and a `for await` over it costs a promise and a turn of the microtask
 * queue per chunk: for a buffered answer that machinery cost more CPU than the HTTP exchange itself (the e2e capacity
 * profile, docs/BENCHMARKS.md), and a gateway relaying streams spent 10-15% less CPU a stream without it (with two
 * smaller changes beside it; "Streams read through undici's dispatch handler"). It uses undici's classic handler
 * callbacks, which undici's dispatchers and ConnectionPool take without wrapping them in an adapter per request.
 *
 * The reader runs inside undici's parser callback. `done` resolves with `end()` once the body ended, and rejects:
 * with an AbortError carrying the reason after abort(); with what `onHeaders` or the reader threw (the connection is
 * dropped then: what is left is never read); with a BodyError when the connection was cut after the headers; else
 * with undici's connection error.
 */
export function httpExchange<T>(
  dispatcher: Dispatcher,
  opts: Dispatcher.DispatchOptions,
  onHeaders: (statusCode: number, rawHeaders: Buffer[]) => BodyReader<T>
): HttpExchange<T> {
  const exchange = new Exchange(onHeaders);
  dispatcher.dispatch(opts, exchange);
  return exchange;
}

/**
 * The exchange and its dispatch handler in one object, its callbacks on the prototype: a handler of closures cost
 * each request nine function objects.
 */
class Exchange<T> implements HttpExchange<T>, Dispatcher.DispatchHandler {
  readonly done: Promise<T>;
  private resolve!: (value: T) => void;
  private reject!: (err: unknown) => void;
  private reader: BodyReader<T> | null = null;
  private settled = false;
  private abortReason: { reason: unknown } | null = null;
  private thrown: { error: unknown } | null = null;
  private abortConnection: ((err?: Error) => void) | null = null;

  constructor(private readonly readerFor: (statusCode: number, rawHeaders: Buffer[]) => BodyReader<T>) {
    this.done = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  abort(reason?: unknown): void {
    if (this.settled || this.abortReason) return;
    this.abortReason = { reason };
    this.abortConnection?.(abortError(reason));
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortConnection = abort;
    if (this.abortReason) abort(abortError(this.abortReason.reason));
  }

  onHeaders(statusCode: number, headers: Buffer[] | string[] | null): boolean {
    try {
      this.reader = this.readerFor(statusCode, headers as Buffer[]);
    } catch (err) {
      return this.stop(err);
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    try {
      this.reader!.onData(chunk);
    } catch (err) {
      return this.stop(err);
    }
    // The reader may have ended the exchange itself (a caller gone, a rival attempt's first token): read no more.
    return !this.settled;
  }

  onComplete(): void {
    if (this.settled) return;
    let value: T;
    try {
      value = this.reader!.end();
    } catch (err) {
      return this.fail(err);
    }
    this.settled = true;
    this.resolve(value);
  }

  onError(err: Error): void {
    if (this.abortReason) this.fail(abortError(this.abortReason.reason));
    else if (this.thrown) this.fail(this.thrown.error);
    else this.fail(this.reader !== null ? new BodyError(err) : err);
  }

  private fail(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(err);
  }

  /** The reader threw: undici would take a throw in its callback as its own, so it is kept and the connection cut. */
  private stop(error: unknown): false {
    this.thrown = { error };
    this.abortConnection?.(error instanceof Error ? error : new Error(String(error)));
    return false;
  }
}

function abortError(reason: unknown): Error {
  const e = new Error("This operation was aborted");
  e.name = "AbortError";
  (e as Error & { reason?: unknown }).reason = reason;
  return e;
}
