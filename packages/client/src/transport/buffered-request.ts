import type { Dispatcher } from "undici";

/** A whole answer read into memory: what a non-streamed chat completion needs. */
export interface BufferedResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
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
 * Sends one request and buffers the whole body through undici's dispatch
 * handler API. `pool.request()` wraps every answer in a Readable stream and an
 * AsyncResource; for a small buffered answer that machinery cost more CPU than
 * the HTTP exchange itself (the e2e capacity profile, docs/BENCHMARKS.md).
 * `onHeaders` runs when the status line and headers arrive.
 * Rejects with the abort reason when `signal` fires, with a BodyError when the
 * body is cut after the headers, else with undici's connection error.
 */
export function bufferedRequest(dispatcher: Dispatcher, opts: Dispatcher.DispatchOptions, signal: AbortSignal, onHeaders: () => void): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) { reject(abortError(signal)); return; }
    let controller: Dispatcher.DispatchController | null = null;
    let statusCode = 0;
    let headers: BufferedResponse["headers"] = {};
    let chunks: Buffer[] | null = null;
    let first: Buffer | null = null;
    let settled = false;
    const onAbort = () => controller?.abort(abortError(signal));
    const finish = (err: unknown, value?: BufferedResponse) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      if (err !== undefined) reject(err);
      else resolve(value!);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    dispatcher.dispatch(opts, {
      onRequestStart(c) {
        controller = c;
        if (signal.aborted) c.abort(abortError(signal));
      },
      onResponseStart(_c, code, h) {
        statusCode = code;
        headers = h as BufferedResponse["headers"];
        onHeaders();
      },
      onResponseData(_c, chunk) {
        // Most answers arrive in one chunk: keep it without an array.
        if (first === null) first = chunk;
        else (chunks ??= [first]).push(chunk);
      },
      onResponseEnd() {
        const text = chunks ? Buffer.concat(chunks).toString("utf8") : first ? first.toString("utf8") : "";
        finish(undefined, { statusCode, headers, text });
      },
      onResponseError(_c, err) {
        if (signal.aborted) finish(abortError(signal));
        else finish(statusCode !== 0 ? new BodyError(err) : err);
      },
    });
  });
}

function abortError(signal: AbortSignal): Error {
  const e = new Error("This operation was aborted");
  e.name = "AbortError";
  (e as Error & { reason?: unknown }).reason = signal.reason;
  return e;
}
