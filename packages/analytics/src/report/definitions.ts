/**
 * The definition of every figure, in one table that report.html, summary.md
 * and docs/analytics.md all show, so a number is never far from what it means.
 */
export const FIGURE_DEFINITIONS = Object.freeze({
  availability: "Share of requests that succeeded (ok = 1: a complete, valid answer reached the caller).",
  availabilityTime: "Share of 1-s buckets (by scheduled time, buckets with at least one request) whose success rate met the SLO availability target (99% when the scenario sets none).",
  errorRate: "Share of requests that failed; per class (connect, timeout, http_5xx, ...) as a share of all requests.",
  throughput: "Requests per second over the pass length (requests asked / pass seconds); success req/s counts only successful ones.",
  goodput: "Completion tokens of successful requests per second.",
  lateSends: "Requests sent more than 5 ms after their open-model scheduled time (start_ms - scheduled_ms), as a count and a share: the load generator's own lag, reported apart from latency (which already counts it).",
  latency: "end_ms - scheduled_ms of every request, failed ones included (the open-model measure: a request delayed by a stalled client counts its wait). Percentiles are nearest-rank over a histogram merged in SQLite (<1% bucket error); max is exact.",
  ttft: "first_byte_ms - scheduled_ms of streamed requests that got a first token.",
  itl: "Inter-token latency: (end_ms - first_byte_ms) / (completion_tokens - 1) of each completed stream of two or more tokens.",
  streamsCompleted: "Share of streamed requests that completed successfully.",
  wastedTokens: "Tokens of partial answers thrown away on failover (requests.wasted_tokens).",
  timeToDetect: "Fault onset (attack injected) to the first routing event reacting to the target: health -> unhealthy, breaker -> open, or failover away from it. Empty when none happened in the incident window.",
  timeToNotice: "Fault onset to the moment the client saw its first failed request (its end) in the incident window.",
  timeToFailover: "Fault onset to the first byte of the first successful answer served by a node other than the target, for requests asked in the incident window: the moment service resumed, not counting how long that answer took to generate. Empty when the incident was neither detected nor felt by a failed request (no failover was needed).",
  downtime: "Client-visible downtime: 100-ms buckets of the incident window holding at least one failed request (by scheduled time), times 100 ms.",
  mttr: "From the first failed request in the incident (when it was asked) to the answer of the next request asked after it that succeeded. Empty when nothing failed; 'unrecovered' when no success followed. Pass MTTR is the mean over incidents with failures.",
  failback: "Fault end to the first successful answer served by the target again (only when the target is the primary), searched until the next attack.",
  requestsLost: "Failed requests asked in the incident window. Overlapping incidents share requests, so their sum can exceed the pass's failures.",
  incidentWindow: "From onset to the fault's end (revert acknowledged, else planned end, else end of data), plus 10 s of grace cut at the next attack's onset.",
  costPer1k: "Pass cost (every node's hourly price x pass length + its per-1k-token price x tokens it processed) / successful requests x 1000.",
  standby: "Hourly cost of the nodes other than the primary over the pass.",
  wastedCost: "Wasted tokens x the per-1k-token price of the node that produced them.",
  repeats: "Over repeats of one strategy: median, min and max; a repeat more than 3 median absolute deviations from the median is flagged.",
  view: "How detection and failover were measured for a system: white-box from faultline's own routing events (its strategies), black-box from what the caller got and what each node logged (any system). Availability, latency, downtime and MTTR are always the caller's view.",
  attemptsPerRequest: "Retry amplification: attempts the nodes received (node_attempts) per client request; its peak is the highest ratio in any 1-s bucket of an incident window (buckets of at least 5 requests).",
  bbDetect: "Black-box detection: fault onset to the first request from which, over it and the next 9, the target's share of first attempts is at most half its share in the 10 s before the onset. Empty when the target got no first attempts before, or when the system kept sending new requests to it first.",
  bbReroute: "Black-box re-route: fault onset to the first attempt at another node by a request that had tried the target, or the black-box detection, whichever came first.",
  bbFailover: "Black-box failover: fault onset to the first byte, as the node sent it, of the first answer from another node that reached the caller, for requests asked in the incident window; empty when the system neither re-routed nor failed a request.",
  bbFailback: "Black-box failback: fault end to the first answer from the target in the first 1-s bucket (from the fault end, up to the next attack) in which the target's share of answers is back to 90% of its share in the 10 s before the onset.",
  switches: "Flapping: changes of the node that served most of a 1-s bucket's answers, between buckets (buckets of at least 5 answers and a majority); per minute over the pass, and a count per incident window.",
  servedByNode: "The node whose complete 200 answer reached the caller, from the nodes' attempt log (whatever the system under test reported).",
  textCheck: "For black-box systems, the text of each successful answer as received, against what the nodes generated (by digest): the same as the serving attempt's, a clean splice (an attempt cut mid-answer, then the serving attempt's text, nothing lost or repeated), or wrong (duplicated, dropped or garbled). Wrong text is flagged, not counted as a failure.",
});

/** The name each definition goes by in reports. */
export const FIGURE_NAMES: Record<keyof typeof FIGURE_DEFINITIONS, string> = {
  availability: "availability", availabilityTime: "availability (time)", errorRate: "error rate", throughput: "throughput", goodput: "goodput", lateSends: "late sends",
  latency: "latency", ttft: "time to first token", itl: "inter-token latency", streamsCompleted: "streams completed", wastedTokens: "wasted tokens",
  timeToDetect: "time to detect", timeToNotice: "time to notice", timeToFailover: "time to fail over", downtime: "downtime", mttr: "MTTR",
  failback: "failback time", requestsLost: "requests lost", incidentWindow: "incident window", costPer1k: "cost per 1k successful requests",
  standby: "standby cost", wastedCost: "wasted-token cost", repeats: "repeats",
  view: "measured", attemptsPerRequest: "attempts per request", bbDetect: "detect (black-box)", bbReroute: "re-route (black-box)", bbFailover: "fail over (black-box)",
  bbFailback: "failback (black-box)", switches: "serving-node switches", servedByNode: "served by (nodes' view)", textCheck: "text check",
};
