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
  /**
   * A worker thread checkpoints the WAL this often, off the writer's thread (checkpointer-worker.ts).
   * SQLite's own checkpoint ran inside the commit that crossed 1,000 WAL pages, about once a second
   * at 7,000 req/s with the routing ledger, and held the runner's thread for milliseconds: 1.6% of
   * sends more than 5 ms late against 0.4% with no checkpoint during the run. A second keeps the WAL
   * to a few MB at that rate.
   */
  checkpointIntervalMs: 1000,
  /**
   * Bytes of zeros held beside events.db and freed when the disk fills, so the
   * pass status and `complete = 0` can still be written: 64 pages of 4 KB,
   * where recording a run's end needs a handful.
   */
  reserveBytes: 256 * 1024,
  /**
   * Bytes events.db grows by per request, for the free-space check before a run:
   * the request row, its share of routing and node events, its routing-ledger record (a
   * ~520-byte canonical record and two SHA-256 hashes per attempt) and the indexes. A 1,500 req/s
   * run on a 2 MB disk wrote 1,180 requests before it filled (~1.5 KB each, in the WAL; 220 B
   * before the ledger).
   */
  bytesPerRequest: 1_500,
});
