import { performance } from "node:perf_hooks";

/**
 * One attempt as the node saw it, in the compact order the runner stores it
 * (node_attempts columns): request id, arrival, first byte, end (epoch ms,
 * comparable across processes on one machine), HTTP status (0 when no status
 * line went out), outcome, prompt and completion tokens.
 */
export type AttemptRecord = [requestId: string, arrivedMs: number, firstByteMs: number | null, endMs: number, status: number, outcome: AttemptOutcome, promptTokens: number, completionTokens: number];

/**
 * How an attempt ended at the HTTP level: `complete` when the response was
 * written to its end, `cut` when the connection closed after the status line
 * (a stream cut, or a caller that went away mid-answer), `reset` when it closed
 * before any status went out.
 */
export type AttemptOutcome = "complete" | "cut" | "reset";

/** Defaults of the attempt log, in one place. */
export const ATTEMPT_LOG_DEFAULTS = Object.freeze({
  /** Records are handed over in batches, so a busy node sends one message per batch, not per request. */
  flushIntervalMs: 100,
  maxBatch: 1_000,
});

/** One attempt in progress; `end` is called once, when its response closes. */
export class AttemptTracker {
  private firstByte: number | null = null;
  promptTokens = 0;
  completionTokens = 0;

  constructor(private readonly log: AttemptLog, private readonly requestId: string, private readonly arrived: number) {}

  /** The first byte of the answer went out (a stream's first token). */
  markFirstByte(): void {
    if (this.firstByte === null) this.firstByte = performance.timeOrigin + performance.now();
  }

  /** Closes the attempt with what the response ended as. */
  end(status: number, outcome: AttemptOutcome): void {
    const now = performance.timeOrigin + performance.now();
    this.log.push([this.requestId, this.arrived, this.firstByte ?? (status > 0 ? now : null), now, status, outcome, this.promptTokens, this.completionTokens]);
  }
}

/**
 * The node's record of every chat attempt it received, the black-box view of
 * a system under test: whatever gateway or SDK sits in front, each attempt
 * that reaches a node is logged here with the caller's request id, and handed
 * to the owner (the runner) in batches.
 */
export class AttemptLog {
  private batch: AttemptRecord[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sink: (records: AttemptRecord[]) => void, private readonly options = ATTEMPT_LOG_DEFAULTS) {}

  /** Starts tracking an attempt that just arrived. */
  begin(requestId: string): AttemptTracker {
    return new AttemptTracker(this, requestId, performance.timeOrigin + performance.now());
  }

  /** Queues a finished attempt. */
  push(record: AttemptRecord): void {
    this.batch.push(record);
    if (this.batch.length >= this.options.maxBatch) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.options.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Hands every queued record to the sink now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return;
    const out = this.batch;
    this.batch = [];
    this.sink(out);
  }
}
