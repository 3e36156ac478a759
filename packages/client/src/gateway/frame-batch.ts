const DATA = "data: ";
const FRAME_END = 0x0a;

/**
 * The SSE frames of one upstream read, gathered as the bytes of the caller's stream and taken for one write: one
 * chunk of the caller's chunked body per read. Frames come as payload strings (the frames the client parsed or made)
 * or as a prefix and a range of the upstream's own bytes (the token frames it passed on undecoded,
 * ChatOptions.onTokenBytes), kept in the order given.
 *
 * Bytes, not a string: a batch string was a rope of every frame, flattened and then encoded again for the write.
 */
export class FrameBatch {
  private buf: Buffer | null = null;
  private length = 0;
  // The last batch's size: a stream's reads are alike, so the next buffer is rarely grown.
  private sizeHint = 4096;

  get empty(): boolean {
    return this.length === 0;
  }

  /** `data: <payload>` and the blank line that ends the frame. */
  addPayload(payload: string): void {
    this.reserve(DATA.length + payload.length * 3 + 2);
    const buf = this.buf!;
    this.length += buf.write(DATA, this.length, "latin1");
    this.length += buf.write(payload, this.length);
    buf[this.length++] = FRAME_END;
    buf[this.length++] = FRAME_END;
  }

  /** `prefix` (which starts with `data: `), then `bytes[from, to)`, and the blank line that ends the frame. */
  addBytes(prefix: Buffer, bytes: Buffer, from: number, to: number): void {
    this.reserve(prefix.length + (to - from) + 2);
    const buf = this.buf!;
    buf.set(prefix, this.length);
    let at = this.length + prefix.length;
    // A frame's tail is a few dozen bytes: copied here, not by Buffer.copy, which makes a view of the range per call
    // (its copy and that view were 2.4% of the gateway's CPU in a profile while it relayed streams).
    for (let i = from; i < to; i++) buf[at++] = bytes[i]!;
    this.length = at;
    buf[this.length++] = FRAME_END;
    buf[this.length++] = FRAME_END;
  }

  /** Text written as it is (an end marker). */
  addText(text: string): void {
    this.reserve(text.length * 3);
    this.length += this.buf!.write(text, this.length);
  }

  /** The frames gathered since the last take, or null when there are none; the batch starts empty again. */
  take(): Buffer | null {
    if (this.length === 0) return null;
    const out = this.buf!.subarray(0, this.length);
    this.sizeHint = Math.max(1024, this.length);
    // A new buffer for the next batch: the caller's socket may still hold this one.
    this.buf = null;
    this.length = 0;
    return out;
  }

  private reserve(bytes: number): void {
    const need = this.length + bytes;
    if (this.buf === null) {
      this.buf = Buffer.allocUnsafe(Math.max(need, this.sizeHint));
      return;
    }
    if (need <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }
}
