/** Defaults of the analytics, in one place; every figure's definition refers to these. */
export const ANALYTICS_DEFAULTS = Object.freeze({
  /** Bucket width of the time-based availability (share of buckets meeting the SLO). */
  availabilityBucketMs: 1000,
  /** Target success rate of a bucket when the scenario sets no availability SLO. */
  availabilityTargetFallback: 0.99,
  /**
   * A send this much behind its open-model schedule counts as late: the load
   * generator's own lag, which must stay small for latency figures to mean
   * anything (issue #7's capacity criterion uses the same 5 ms).
   */
  lateSendMs: 5,
  /** Bucket width of time per tier: each bucket counts for the tier that served most of its answers. */
  tierBucketMs: 1000,
  /** Bucket width used to measure client-visible downtime inside an incident. */
  downtimeBucketMs: 100,
  /**
   * How long after a fault ends its incident still collects failures: clients
   * keep failing while breakers and health checks catch up. Cut short by the
   * next attack's onset so that sequential incidents do not count a failure twice.
   */
  incidentGraceMs: 10_000,
  /**
   * A run of at most this many requests is scanned on the report's own thread: two scan workers take about 0.1 s
   * and 0.2 s of CPU to start, and the scans of 50,000 requests took 87 ms inline against 200 ms on the workers
   * (docs/BENCHMARKS.md, "Short-run overhead"). Larger runs scan on the workers while the incident charts are drawn.
   */
  inlineScanMaxRequests: 50_000,
  /** Chart time series aim for at most this many points per line. */
  maxSeriesPoints: 300,
  /** Rounding of figures in summary.json: milliseconds and fractions. */
  msDecimals: 1,
  fractionDecimals: 6,
  /** A repeat is flagged as an outlier when it is this many MADs from the median. */
  outlierMads: 3,
  /** Cost of a node when neither the node nor its cloud says: dollars per GPU hour and per 1,000 tokens. */
  costPerHourFallback: 2.5,
  costPer1kTokensFallback: 0,
  /** Default hourly GPU cost per cloud (list prices of one H100-class GPU, rounded). */
  costPerHourByCloud: Object.freeze({ aws: 3.9, gcp: 3.7, azure: 3.4, local: 0 } as Record<string, number>),
  /** Conversations (requests with a session_id); see docs/analytics.md, "Conversations". */
  sessions: Object.freeze({
    /**
     * A turn after a move still pays the cold cache while its mean extra TTFT is above this share of the warm
     * median of its turn number: 20% is well above the spread of warm turns at one turn number (jitter, batch).
     */
    coldShare: 0.2,
    /** Turns after a move followed at most (the penalty of a turn further on is not looked for). */
    maxTurnsFollowed: 10,
  }),
  /** The black-box figures (from what the caller got and what each node saw); see docs/analytics.md. */
  blackBox: Object.freeze({
    /** Shares before an incident (of first attempts, of answers) are taken over this long before its onset. */
    baselineMs: 10_000,
    /** Detection: the target's share of first attempts over this many consecutive requests falls to half. */
    detectWindow: 10,
    /** Bucket of amplification over time, failback and the serving node's switches. */
    amplificationBucketMs: 1_000,
    /** A bucket with fewer requests says nothing about shares and is skipped. */
    minBucketRequests: 5,
    /** Failback: the target serves this share of what it served before the incident. */
    failbackShare: 0.9,
  }),
});
