import { util, type Dispatcher } from "undici";
import { ResponseTooLargeError } from "./limits.js";
import { httpExchange, type HttpExchange } from "./http-exchange.js";

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
    return (this.parsed ??= parsedHeaders(this.rawHeaders));
  }
}

/** undici's raw header list as an object (a repeated header as an array). */
export function parsedHeaders(rawHeaders: Buffer[]): Headers {
  return util.parseHeaders(rawHeaders) as Headers;
}

/**
 * Sends one request and buffers the whole body (http-exchange.ts says why not `pool.request()`). `onHeaders` runs
 * when the status line and headers arrive. `done` rejects as the exchange's does, and with a ResponseTooLargeError
 * when the body passes `maxBytes` (the connection is dropped then: what is left is never read).
 */
export function bufferedRequest(
  dispatcher: Dispatcher,
  opts: Dispatcher.DispatchOptions,
  onHeaders: () => void,
  maxBytes = Infinity
): HttpExchange<BufferedResponse> {
  return httpExchange(dispatcher, opts, (statusCode, rawHeaders) => {
    onHeaders();
    let chunks: Buffer[] | null = null;
    let first: Buffer | null = null;
    let size = 0;
    return {
      onData(chunk) {
        size += chunk.length;
        if (size > maxBytes) throw new ResponseTooLargeError("maxResponseBytes", size);
        // Most answers arrive in one chunk: keep it without an array.
        if (first === null) first = chunk;
        else (chunks ??= [first]).push(chunk);
      },
      end() {
        const text = chunks ? Buffer.concat(chunks).toString("utf8") : first ? first.toString("utf8") : "";
        return new BufferedResponse(statusCode, rawHeaders, text);
      },
    };
  });
}
