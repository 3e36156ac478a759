import { performance } from "node:perf_hooks";

/**
 * One attempt as the node saw it, in the order the runner stores it
 * (node_attempts columns): request id, arrival, first byte, end (epoch ms,
 * comparable across processes on one machine), HTTP status (0 when no status
 * line went out), outcome, prompt and completion tokens, and where its text
 * started (completionText(textStart, completionTokens) is what it sent; -1 for
 * no text).
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

const OUTCOMES: readonly AttemptOutcome[] = ["complete", "cut", "reset"];
/**
 * Numbers per attempt in a batch: arrived, first byte (NaN: none), end, status, outcome, prompt, completion,
 * text start.
 */
const FIELDS = 8;

/**
 * A batch of attempts as it crosses to the runner: the ids, and every number
 * in one Float64Array (times in the node's performance.now() ms; add `origin`
 * for epoch ms). Sent over IPC with the "advanced" serialisation, the numbers
 * are copied as bytes: serialising attempts as JSON was most of what the log
 * cost a busy node (bench/node-throughput.mjs, node_attempt_log_rps).
 */
export interface AttemptBatch {
  readonly ids: string[];
  readonly values: Float64Array;
  readonly origin: number;
}

/** Receives batches of attempts. */
export type AttemptSink = (batch: AttemptBatch) => void;

/** The attempts of a batch as records, times in epoch ms. */
export function attemptRecords(batch: AttemptBatch): AttemptRecord[] {
  const { ids, values: v, origin } = batch;
  return ids.map((id, i) => {
    const o = i * FIELDS;
    const first = v[o + 1]!;
    return [
      id,
      origin + v[o]!,
      Number.isNaN(first) ? null : origin + first,
      origin + v[o + 2]!,
      v[o + 3]!,
      OUTCOMES[v[o + 4]!]!,
      v[o + 5]!,
      v[o + 6]!,
      v[o + 7]!,
    ];
  });
}

/** Defaults of the attempt log, in one place. */
export const ATTEMPT_LOG_DEFAULTS = Object.freeze({
  /** Attempts are handed over in batches, so a busy node sends one message per batch, not per request. */
  flushIntervalMs: 100,
  maxBatch: 1_000,
});

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
  stream: { readonly startedAt: number | null; readonly tokensSent: number; readonly broken: boolean } | null = null;
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
    const first = this.stream?.startedAt ?? (status > 0 ? now : NaN);
    const completion = this.stream?.tokensSent ?? this.usage?.completion ?? 0;
    this.log.push(
      this.requestId,
      this.arrived,
      first,
      now,
      status,
      OUTCOMES.indexOf(outcome),
      this.promptTokens,
      completion,
      this.textStart
    );
  }
}

/**
 * The node's record of every chat attempt it received, the black-box view of
 * a system under test: whatever gateway or SDK sits in front, each attempt
 * that reaches a node is logged here with the caller's request id, and handed
 * to the owner (the runner) in batches.
 */
export class AttemptLog {
  private ids: string[] = [];
  private readonly values: Float64Array;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: AttemptSink,
    private readonly options = ATTEMPT_LOG_DEFAULTS
  ) {
    this.values = new Float64Array(options.maxBatch * FIELDS);
  }

  /** Starts tracking an attempt that just arrived. */
  begin(requestId: string): AttemptTracker {
    return new AttemptTracker(this, requestId, performance.now());
  }

  /** Queues a finished attempt (the fields of AttemptBatch, outcome as its index). */
  push(
    id: string,
    arrived: number,
    first: number,
    end: number,
    status: number,
    outcome: number,
    prompt: number,
    completion: number,
    textStart: number
  ): void {
    const o = this.ids.length * FIELDS;
    const v = this.values;
    v[o] = arrived;
    v[o + 1] = first;
    v[o + 2] = end;
    v[o + 3] = status;
    v[o + 4] = outcome;
    v[o + 5] = prompt;
    v[o + 6] = completion;
    v[o + 7] = textStart;
    this.ids.push(id);
    if (this.ids.length >= this.options.maxBatch) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.options.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Hands every queued attempt to the sink now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const n = this.ids.length;
    if (n === 0) return;
    const batch: AttemptBatch = {
      ids: this.ids,
      values: this.values.slice(0, n * FIELDS),
      origin: performance.timeOrigin,
    };
    this.ids = [];
    this.sink(batch);
  }
}
