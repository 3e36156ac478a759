/**
 * A caller's onFlush (ChatOptions.onFlush), called once per upstream read rather than once per chunk. undici's
 * handler API hands a read's body over chunk by chunk, inside one run of its parser: an HTTP chunk each, and servers
 * write one SSE frame per chunk. A flush per chunk cost the gateway a write to its caller per frame (and 20 KB of
 * garbage a stream in a heap profile of 64-token answers, each read in one go; issue 23), so the flush waits for the
 * parser run to end, a microtask later.
 */
export class ReadFlush {
  private pending = false;
  // A throw from a flush that ran in its microtask, where it would have taken the process down: kept, and thrown
  // at the reader's next call here, so the stream fails with it as it did when the flush ran inside the read.
  private failure: { error: unknown } | null = null;
  private readonly run = (): void => {
    if (!this.pending) return;
    this.pending = false;
    try {
      this.onFlush!();
    } catch (error) {
      this.failure = { error };
    }
  };

  constructor(private readonly onFlush: (() => void) | undefined) {}

  /** Frames were given: they go out when the current read is done. */
  afterRead(): void {
    this.rethrow();
    if (this.onFlush === undefined || this.pending) return;
    this.pending = true;
    queueMicrotask(this.run);
  }

  /** They go out now: the stream ended, and what was given goes before whatever ends it. */
  now(): void {
    this.pending = false;
    this.rethrow();
    this.onFlush?.();
  }

  /**
   * They go out before the attempt's failure: the stream broke. A throw from the caller's flush, kept or new, is
   * dropped: the attempt fails anyway, and a throw here would escape the transport, which settles every attempt.
   */
  beforeFailing(): void {
    this.pending = false;
    this.failure = null;
    try {
      this.onFlush?.();
    } catch {
      /* the attempt is already failing */
    }
  }

  private rethrow(): void {
    const failure = this.failure;
    if (failure === null) return;
    this.failure = null;
    throw failure.error;
  }
}
