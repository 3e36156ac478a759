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
 * profile, docs/BENCHMARKS.md), and for a relayed stream it was most of what a gateway spent per request after the
 * relay itself (issue 23). It uses undici's classic handler callbacks, which undici's dispatchers and ConnectionPool
 * take without wrapping them in an adapter per request.
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
  let reader: BodyReader<T> | null = null;
  let settled = false;
  let abortReason: { reason: unknown } | null = null;
  let thrown: { error: unknown } | null = null;
  let abortConnection: ((err?: Error) => void) | null = null;
  let settle: { resolve: (value: T) => void; reject: (e: unknown) => void } | null = null;
  const done = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const fail = (err: unknown) => {
    if (settled) return;
    settled = true;
    settle!.reject(err);
  };
  /** The reader threw: undici would take a throw in its callback as its own, so it is kept and the connection cut. */
  const stop = (error: unknown): false => {
    thrown = { error };
    abortConnection?.(error instanceof Error ? error : new Error(String(error)));
    return false;
  };
  dispatcher.dispatch(opts, {
    onConnect(abort) {
      abortConnection = abort;
      if (abortReason) abort(abortError(abortReason.reason));
    },
    onHeaders(statusCode, headers) {
      try {
        reader = onHeaders(statusCode, headers as Buffer[]);
      } catch (err) {
        return stop(err);
      }
      return true;
    },
    onData(chunk) {
      try {
        reader!.onData(chunk);
      } catch (err) {
        return stop(err);
      }
      // The reader may have ended the exchange itself (a caller gone, a rival attempt's first token): read no more.
      return !settled;
    },
    onComplete() {
      if (settled) return;
      let value: T;
      try {
        value = reader!.end();
      } catch (err) {
        return fail(err);
      }
      settled = true;
      settle!.resolve(value);
    },
    onError(err) {
      if (abortReason) fail(abortError(abortReason.reason));
      else if (thrown) fail(thrown.error);
      else fail(reader !== null ? new BodyError(err) : err);
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
