/** Defaults of the event-log writer, in one place. */
export const EVENT_LOG_DEFAULTS = Object.freeze({
  /**
   * Rows held before a synchronous flush. Bounds memory: the writer never holds
   * more than this many rows, whatever the run length. 2,000 rows commit in a
   * couple of milliseconds, short enough not to delay the load generator.
   */
  batchSize: 2000,
  /** A timer flush keeps data on disk at most this stale when traffic is light. */
  flushIntervalMs: 200,
});
