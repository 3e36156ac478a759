const CONTENT_KEY = '"content":"';

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
export class ContentFrameTemplate {
  private before = "";
  private after = "";

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
