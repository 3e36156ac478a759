import { StringDecoder } from "node:string_decoder";
import { ResponseTooLargeError } from "./limits.js";

/**
 * Splits an upstream SSE body into trimmed lines, each byte scanned once, and
 * refuses a line longer than `maxLineBytes`.
 *
 * An upstream that sent bytes with no newline once froze the gateway for
 * everyone: the old loop rescanned its whole line buffer on every chunk, so
 * the work grew with the square of the line (issue 24). Here only the new
 * chunk is searched, and the unfinished line is kept as a rope until its
 * newline comes or it passes the bound.
 *
 * Why not eventsource-parser: it has no bound on line length, and its feed()
 * splits the unfinished line joined with each new chunk, which is the same
 * rescan; the client needs only `data:` lines of one event each, so the
 * full EventSource grammar (event ids, retry, multi-line data) buys nothing.
 */
export class SseLines {
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";
  private restBytes = 0;
  private lineStart = true;

  constructor(private readonly maxLineBytes: number) {}

  /** The lines completed by this chunk; throws ResponseTooLargeError when the unfinished line passes the bound. */
  push(chunk: Buffer): string[] {
    if (chunk.length > 0) this.lineStart = chunk[chunk.length - 1] === NEWLINE;
    const text = this.decoder.write(chunk);
    const out: string[] = [];
    let from = 0;
    let nl: number;
    while ((nl = text.indexOf("\n", from)) >= 0) {
      const part = text.slice(from, nl);
      out.push((this.rest ? this.rest + part : part).trim());
      this.rest = "";
      this.restBytes = 0;
      from = nl + 1;
    }
    if (from < text.length) {
      this.rest += from === 0 ? text : text.slice(from);
      // Bytes, counted from the chunk: a line of multi-byte characters is as large on the wire as it is.
      this.restBytes += from === 0 ? chunk.length : Buffer.byteLength(text.slice(from));
      if (this.restBytes > this.maxLineBytes) throw new ResponseTooLargeError("maxSseLineBytes", this.restBytes);
    }
    return out;
  }

  /**
   * Whether every byte pushed so far ended with a line: nothing is held, not even part of a character, so the next
   * bytes start a line and a reader may take whole lines from them without pushing them here.
   */
  get atLineStart(): boolean {
    return this.lineStart;
  }
}

const NEWLINE = 0x0a;
