import type { TokenFrameShape } from "../types.js";

const CONTENT_KEY = '"content":"';
/** The SSE field a frame comes in, as servers write it: `data:` and one space. */
const DATA_FIELD = "data: ";

/**
 * Reads the text of a stream's token frames without parsing them. A stream's token frames differ only in their
 * content: id, created, model and the rest repeat frame after frame. So once one token frame has been parsed,
 * the text before its content string and the text after it are remembered, and a later frame that starts and
 * ends with the same text around a plain string body (no quote, backslash or control character) is a token frame
 * with that body as its content, and valid JSON, since it is the parsed frame with one plain string body put in
 * place of another. Any other frame (a finish, usage or error frame, an escaped character, a field that changes
 * per frame) returns null and goes through JSON.parse as before.
 *
 * JSON.parse of every frame was the largest JavaScript item in the gateway's profile while it relayed streams
 * (12.7-13.3% of its CPU, docs/BENCHMARKS.md, issue 23); a frame read here costs two comparisons and a scan of
 * its few content characters.
 */
export class ContentFrameTemplate implements TokenFrameShape {
  /** The learnt frame's text before its content string, `"content":"` included; "" until a frame is learnt. */
  before = "";
  /** The learnt frame's text after its content string, from the closing quote. */
  after = "";
  // The same two texts as UTF-8, for frames read from the upstream's bytes (contentStartInLine), the first one with
  // its SSE field in front: one comparison per line for both, where each was a call into C++ of its own.
  private lineBeforeBytes: Buffer | null = null;
  private afterBytes: Buffer | null = null;

  /**
   * Remembers `payload`, a frame JSON.parse read as one choice's content `content`, with no finish, usage or
   * error, when its content string is written plainly, once, as `"content":"…"`.
   */
  learn(payload: string, content: string): void {
    // The reader offers every token frame it parsed, escaped ones included: the content's few characters are
    // checked before the frame is scanned. Then one "content" key in the frame, written compactly: the one
    // JSON.parse read.
    if (!isPlain(content, 0, content.length)) return;
    const key = payload.indexOf(CONTENT_KEY);
    if (key < 0 || key !== payload.lastIndexOf('"content"')) return;
    const start = key + CONTENT_KEY.length;
    if (payload.charCodeAt(start + content.length) !== QUOTE || !payload.startsWith(content, start)) return;
    this.before = payload.slice(0, start);
    this.after = payload.slice(start + content.length);
    this.lineBeforeBytes = Buffer.from(DATA_FIELD + this.before);
    this.afterBytes = Buffer.from(this.after);
  }

  /**
   * contentOf on bytes, for an SSE line not yet decoded: where the content starts when the line `bytes[from, to)` is
   * `data: ` and the learnt frame with another plain ASCII content (which then ends where the learnt frame's tail
   * begins, `to - tailBytes`), and -1 otherwise. Non-ASCII content is left to the decoded path, so bytes passed on as
   * they are were never anything but ASCII between the two learnt texts.
   */
  contentStartInLine(bytes: Buffer, from: number, to: number): number {
    const before = this.lineBeforeBytes;
    const after = this.afterBytes;
    if (before === null || after === null) return -1;
    const start = from + before.length;
    const end = to - after.length;
    if (end < start) return -1;
    if (bytes.compare(before, 0, before.length, from, start) !== 0) return -1;
    if (bytes.compare(after, 0, after.length, end, to) !== 0) return -1;
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c === QUOTE || c === BACKSLASH || c < 0x20 || c > 0x7f) return -1;
    }
    return start;
  }

  /** How many bytes follow the content in a line contentStartInLine matched. */
  get tailBytes(): number {
    return this.afterBytes?.length ?? 0;
  }

  /** The content of `payload` when it is the learnt frame with another plain content; null otherwise. */
  contentOf(payload: string): string | null {
    if (this.before === "") return null;
    const from = this.before.length;
    const end = payload.length - this.after.length;
    // Equality of slices, not startsWith: V8 compares equal-length strings as memory, about twice as fast here.
    if (end < from || payload.slice(0, from) !== this.before || payload.slice(end) !== this.after) return null;
    return isPlain(payload, from, end) ? payload.slice(from, end) : null;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether text[from, to) can stand in a JSON string as written: no quote, backslash or control character. */
function isPlain(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE || c === BACKSLASH || c < 0x20) return false;
  }
  return true;
}
