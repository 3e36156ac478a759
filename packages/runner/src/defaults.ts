/** Defaults of the attack runner and load generator, in one place. */
export const RUNNER_DEFAULTS = Object.freeze({
  /**
   * Every fault is injected with a TTL of its own duration plus this margin, so
   * a runner that dies leaves nothing behind for longer than that.
   */
  faultTtlMarginMs: 5_000,
  /** How often node CPU/RSS/queue samples are taken for the charts. */
  sampleIntervalMs: 1_000,
  /** After the last arrival, in-flight requests get this long to finish before they are cut. */
  drainTimeoutMs: 10_000,
  /** Cut requests are recorded within a tick of the abort; this bounds the wait for one that ignores it. */
  drainCutGraceMs: 1_000,
  /**
   * Unrecorded warm-up at the starting rate before each pass clock starts:
   * JIT and keep-alive connections, so a cold start does not read as an outage.
   */
  warmUpMs: 1_000,
  /**
   * The warm-up's first half ramps up from this share of the starting rate:
   * sent at full rate to a cold process, the first requests took long enough to
   * make the pools open hundreds of connections, which slowed the process further.
   */
  warmUpRampFromShare: 0.1,
  /**
   * Each endpoint also gets its own warm-up stream at this share of the
   * starting rate: under active-passive the main stream reaches only the
   * primary, and the first requests after a failover met a standby whose
   * process had never run its request path and whose pool had no connection
   * (the failover-cost benchmark's worst requests, 25-46 ms against 5 ms steady).
   */
  warmUpStandbyRateShare: 0.25,
  /**
   * Warm-up requests ask for at most this many tokens. They warm code paths and connections, not
   * the GPU: at the scenario's own lengths a warm-up on a real-latency profile waited seconds a
   * pass for answers nobody reads (flapping-primary at --time-scale 0.05: 64 s -> 45 s wall, three
   * passes, measured on a loaded machine). Eight, not sixteen: the pass waits for the warm-up's last
   * answers, 0.42 s for 16 tokens on the a100 profile against 0.27 s for eight. Four (0.2 s) left the
   * standby's per-token path colder: the failover-cost benchmark's p99 after a failover read 1.9x its
   * steady p99 at the median of five runs, against 1.3x with sixteen and 1.25x with eight.
   */
  warmUpMaxTokens: 8,
  /**
   * Where `faultline run --metrics-port` listens: loopback unless asked, since the
   * page names every node's URL (a Prometheus in a container needs --metrics-host 0.0.0.0).
   */
  metricsHost: "127.0.0.1",
  /** Non-TTY progress line interval. */
  progressIntervalMs: 5_000,
  /** A node child process must report ready within this time. */
  nodeStartTimeoutMs: 15_000,
  /** Restart delay for a crashed node when the fault did not say (a container restart is seconds). */
  crashRestartDelayMs: 2_000,
  /** How long a refused attack waits for its target's crash to be reported before it counts as a failure. */
  crashSettleMs: 500,
  /** Admin calls are local and small; a slow one means the node is wedged. */
  adminTimeoutMs: 2_000,
  /**
   * The attack timer wakes this early and then yields in short steps until the
   * planned time: setTimeout alone is often 1-2 ms late under load.
   */
  attackWakeEarlyMs: 10,
  /** How often a started gateway's ready URL is polled. */
  systemReadyPollMs: 100,
  /** A started gateway and its process group get this long to exit before they are killed. */
  systemStopTimeoutMs: 5_000,
  /**
   * A shard may be launched this long after `--start-at` and still join (it starts late and records
   * the skew): pods of one Job are scheduled seconds apart. Later than this, it is refused.
   */
  shardStartGraceMs: 10_000,
  /**
   * Pass j of a sharded run starts at the shared start plus j times (duration + drain timeout +
   * warm-up + this gap): a shard cannot see the others finish, so each slot allows the slowest drain,
   * the external nodes' reset and the next warm-up.
   */
  shardPassGapMs: 5_000,
  /** Lines of a gateway's log quoted when it fails to start or dies. */
  systemLogTailLines: 15,
  /**
   * Times a user sends a failed conversation turn again (after a think time) before giving up on the conversation:
   * people retry a failed chat message once, rarely more; a second failure breaks the session.
   */
  sessionAskAgain: 1,
});
