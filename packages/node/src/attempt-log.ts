import { performance } from "node:perf_hooks";

/**
 * One attempt as the node saw it, in the compact order the runner stores it
 * (node_attempts columns): request id, arrival, first byte, end (ms of the
 * node's performance.now(): add the batch's origin for epoch ms, comparable
 * across processes on one machine), HTTP status (0 when no status line went
 * out), outcome, prompt and completion tokens, and where its text started
 * (completionText(textStart, completionTokens) is what it sent; -1 for no
 * text). Short numbers keep the IPC
 * batches small: serialising them is most of what the log costs.
 */
export type AttemptRecord = [
  requestId: string,
  arrivedMs: number,
  firstByteMs: number | null,
  endMs: number,
  status: number,
  outcome: AttemptOutcome,
  promptTokens: number,
  completionTokens: number,
  textStart: number,
];

/**
 * How an attempt ended at the HTTP level: `complete` when the response was
 * written to its end, `cut` when the connection closed after the status line
 * (a stream cut, or a caller that went away mid-answer), `reset` when it closed
 * before any status went out.
 */
export type AttemptOutcome = "complete" | "cut" | "reset";

/** Receives batches of records; `origin` turns their times into epoch ms. */
export type AttemptSink = (records: AttemptRecord[], origin: number) => void;

/** Defaults of the attempt log, in one place. */
export const ATTEMPT_LOG_DEFAULTS = Object.freeze({
  /** Records are handed over in batches, so a busy node sends one message per batch, not per request. */
  flushIntervalMs: 100,
  maxBatch: 1_000,
});

/** A time to the microsecond: 9-10 characters of JSON instead of 17-18. */
const micros = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * One attempt in progress; `end` is called once, when its response closes.
 * It reads its tokens and first byte from the answer's own state at the end
 * rather than being told of each token: the log's cost stays per request.
 */
export class AttemptTracker {
  promptTokens = 0;
  /** The usage the answer counts its tokens in (set once generation starts). */
  usage: { readonly completion: number } | null = null;
  /** A streamed answer's sink, which knows when its first token went out and how many it wrote. */
  stream: { readonly startedAt: number | null; readonly tokensSent: number } | null = null;
  /** Where the answer's text starts in the vocabulary walk; -1 until generation starts. */
  textStart = -1;

  constructor(
    private readonly log: AttemptLog,
    private readonly requestId: string,
    private readonly arrived: number
  ) {}

  /** Closes the attempt with what the response ended as. */
  end(status: number, outcome: AttemptOutcome): void {
    const now = performance.now();
    // A non-streamed answer's first byte is its whole body.
    const first = this.stream?.startedAt ?? (status > 0 ? now : null);
    this.log.push([
      this.requestId,
      micros(this.arrived),
      first === null ? null : micros(first),
      micros(now),
      status,
      outcome,
      this.promptTokens,
      this.stream?.tokensSent ?? this.usage?.completion ?? 0,
      this.textStart,
    ]);
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

  constructor(
    private readonly sink: AttemptSink,
    private readonly options = ATTEMPT_LOG_DEFAULTS
  ) {}

  /** Starts tracking an attempt that just arrived. */
  begin(requestId: string): AttemptTracker {
    return new AttemptTracker(this, requestId, performance.now());
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
    this.sink(out, performance.timeOrigin);
  }
}
