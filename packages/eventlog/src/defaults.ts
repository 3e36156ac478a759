/** Defaults of the event-log writer, in one place. */
export const EVENT_LOG_DEFAULTS = Object.freeze({
  /**
   * Rows held before a synchronous flush. Bounds memory: the writer never holds
   * more than this many rows, whatever the run length. A flush blocks the event
   * loop, so it must stay short: 500 rows commit in about 1 ms, which keeps
   * attacks within their 5 ms firing budget (2,000-row flushes took ~5 ms and
   * showed up as late attacks), at ~5% less throughput than one big transaction.
   */
  batchSize: 500,
  /** A timer flush keeps data on disk at most this stale when traffic is light. */
  flushIntervalMs: 100,
});
