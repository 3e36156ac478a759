/**
 * The definition of every figure a report shows, with the name it goes by, in
 * one table that report.html, summary.md and docs/analytics.md all show, so a
 * number is never far from what it means.
 */
export const DEFINITIONS = Object.freeze({
  availability: {
    name: "availability",
    text: "Share of requests that succeeded (ok = 1: a complete, valid answer reached the caller).",
  },
  availabilityTime: {
    name: "availability (time)",
    text:
      "Share of 1-s buckets (by scheduled time, buckets with at least one request) whose success " +
      "rate met the SLO availability target (99% when the scenario sets none).",
  },
  errorRate: {
    name: "error rate",
    text: "Share of requests that failed; per class (connect, timeout, http_5xx, ...) as a share of all requests.",
  },
  throughput: {
    name: "throughput",
    text:
      "Requests per second over the pass length (requests asked / pass seconds); success req/s " +
      "counts only successful ones.",
  },
  goodput: { name: "goodput", text: "Completion tokens of successful requests per second." },
  lateSends: {
    name: "late sends",
    text:
      "Requests sent more than 5 ms after their open-model scheduled time (start_ms - " +
      "scheduled_ms), as a count and a share: the load generator's own lag, reported apart from " +
      "latency (which already counts it).",
  },
  latency: {
    name: "latency",
    text:
      "end_ms - scheduled_ms of every request, failed ones included (the open-model measure: a " +
      "request delayed by a stalled client counts its wait). Percentiles are nearest-rank over a " +
      "histogram merged in SQLite (<1% bucket error); max is exact.",
  },
  ttft: {
    name: "time to first token",
    text: "first_byte_ms - scheduled_ms of streamed requests that got a first token.",
  },
  itl: {
    name: "inter-token latency",
    text:
      "Inter-token latency: (end_ms - first_byte_ms) / (completion_tokens - 1) of each completed " +
      "stream of two or more tokens.",
  },
  streamsCompleted: { name: "streams completed", text: "Share of streamed requests that completed successfully." },
  wastedTokens: {
    name: "wasted tokens",
    text: "Tokens of partial answers thrown away on failover (requests.wasted_tokens).",
  },
  timeToDetect: {
    name: "time to detect",
    text:
      "Fault onset (attack injected) to the first routing event reacting to the target: health -> " +
      "unhealthy, breaker -> open, or failover away from it. Empty when none happened in the " +
      "incident window.",
  },
  timeToNotice: {
    name: "time to notice",
    text: "Fault onset to the moment the client saw its first failed request (its end) in the incident window.",
  },
  timeToFailover: {
    name: "time to fail over",
    text:
      "Fault onset to the first byte of the first successful answer served by a node other than " +
      "the target, for requests asked in the incident window: the moment service resumed, not " +
      "counting how long that answer took to generate. Empty when the incident was neither " +
      "detected nor felt by a failed request (no failover was needed).",
  },
  downtime: {
    name: "downtime",
    text:
      "Client-visible downtime: 100-ms buckets of the incident window holding at least one failed " +
      "request (by scheduled time), times 100 ms.",
  },
  mttr: {
    name: "MTTR",
    text:
      "From the first failed request in the incident (when it was asked) to the answer of the " +
      "next request asked after it that succeeded. Empty when nothing failed; 'unrecovered' when " +
      "no success followed. Pass MTTR is the mean over incidents with failures.",
  },
  failback: {
    name: "failback time",
    text:
      "Fault end to the first successful answer served by the target again (only when the target " +
      "is the primary), searched until the next attack.",
  },
  requestsLost: {
    name: "requests lost",
    text:
      "Failed requests asked in the incident window. Overlapping incidents share requests, so " +
      "their sum can exceed the pass's failures.",
  },
  incidentWindow: {
    name: "incident window",
    text:
      "From onset to the fault's end (revert acknowledged, else planned end, else end of data), " +
      "plus 10 s of grace cut at the next attack's onset.",
  },
  sessionsCompleted: {
    name: "sessions completed",
    text: "Conversations (requests.session_id) whose last planned turn (session_turns) got an answer.",
  },
  sessionsBroken: {
    name: "sessions broken",
    text:
      "Conversations whose last request failed: the user asked a failed turn again and it failed again, or it " +
      "failed in a way asking again cannot mend (context_length_exceeded, previous_response_not_found), so the " +
      "conversation ended at that turn (the turn it broke at is its session_turn).",
  },
  turnsLost: {
    name: "turns lost",
    text: "Planned turns a broken conversation never got an answer for: session_turns - the turn it broke at + 1.",
  },
  turnsAskedAgain: {
    name: "turns asked again",
    text: "Requests that repeat a turn already asked in their conversation (the user sends a failed turn again).",
  },
  coldCachePenalty: {
    name: "cold-cache penalty",
    text:
      "Extra time to first token of the first turn a conversation sends to an endpoint other than the one that " +
      "answered its previous turn (the new node's prefix cache does not hold its history), against the median " +
      "TTFT (first_byte_ms - start_ms) of the same turn number answered by the same endpoint as before; mean over " +
      "such moved turns.",
  },
  coldCacheTurns: {
    name: "cold-cache turns",
    text:
      "How many turns, counted from the move, the cold-cache penalty lasts: consecutive turns after a move whose " +
      "mean extra TTFT over the warm median of their turn number stays above 20% of that median.",
  },
  conversationRpo: {
    name: "conversation RPO",
    text:
      "What one failover took from a conversation, worst case over the pass: a conversation whose last turn was " +
      "refused with previous_response_not_found (the server that stored its answers lost them; no transcript " +
      "replayed it) loses every answered turn (conversationRpoTurns) and the time from its first turn to that " +
      "refusal (conversationRpoMs). 0 when no conversation lost its history (chat completions carry it).",
  },
  costPer1k: {
    name: "cost per 1k successful requests",
    text:
      "Pass cost (every node's hourly price x pass length + its per-1k-token price x tokens it " +
      "processed) / successful requests x 1000.",
  },
  standby: { name: "standby cost", text: "Hourly cost of the nodes other than the primary over the pass." },
  wastedCost: {
    name: "wasted-token cost",
    text: "Wasted tokens x the per-1k-token price of the node that produced them.",
  },
  repeats: {
    name: "repeats",
    text:
      "Over repeats of one strategy: median, min and max; a repeat more than 3 median absolute " +
      "deviations from the median is flagged.",
  },
  view: {
    name: "measured",
    text:
      "How detection and failover were measured for a system: white-box from faultline's own " +
      "routing events (its strategies), black-box from what the caller got and what each node " +
      "logged (any system). Availability, latency, downtime and MTTR are always the caller's " +
      "view.",
  },
  attemptsPerRequest: {
    name: "attempts per request",
    text:
      "Retry amplification: attempts the nodes received (node_attempts) per client request; its " +
      "peak is the highest ratio in any 1-s bucket of an incident window (buckets of at least 5 " +
      "requests).",
  },
  bbDetect: {
    name: "detect (black-box)",
    text:
      "Black-box detection: fault onset to the first request from which, over it and the next 9, " +
      "the target's share of first attempts is at most half its share in the 10 s before the " +
      "onset. Empty when the target got no first attempts before, or when the system kept sending " +
      "new requests to it first.",
  },
  bbReroute: {
    name: "re-route (black-box)",
    text:
      "Black-box re-route: fault onset to the first attempt at another node by a request that had " +
      "tried the target, or the black-box detection, whichever came first.",
  },
  bbFailover: {
    name: "fail over (black-box)",
    text:
      "Black-box failover: fault onset to the first byte, as the node sent it, of the first " +
      "answer from another node that reached the caller, for requests asked in the incident " +
      "window; empty when the system neither re-routed nor failed a request.",
  },
  bbFailback: {
    name: "failback (black-box)",
    text:
      "Black-box failback: fault end to the first answer from the target in the first 1-s bucket " +
      "(from the fault end, up to the next attack) in which the target's share of answers is back " +
      "to 90% of its share in the 10 s before the onset.",
  },
  switches: {
    name: "serving-node switches",
    text:
      "Flapping: changes of the node that served most of a 1-s bucket's answers, between buckets " +
      "(buckets of at least 5 answers and a majority); per minute over the pass, and a count per " +
      "incident window.",
  },
  servedByNode: {
    name: "served by (nodes' view)",
    text:
      "The node whose complete 200 answer reached the caller, from the nodes' attempt log " +
      "(whatever the system under test reported).",
  },
  textCheck: {
    name: "text check",
    text:
      "For black-box systems, the text of each successful answer as received, against what the " +
      "nodes generated (by digest): the same as the serving attempt's, a clean splice (an attempt " +
      "cut mid-answer, then the serving attempt's text, nothing lost or repeated), or wrong " +
      "(duplicated, dropped or garbled). Wrong text is flagged, not counted as a failure.",
  },
} as const);

/** The key of one definition. */
export type DefinitionKey = keyof typeof DEFINITIONS;
