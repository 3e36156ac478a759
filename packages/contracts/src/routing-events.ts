/** Every `kind` of routing event the failover client emits (routing_events.kind in events.db). */
export const ROUTING_EVENT_KINDS = Object.freeze({
  health: "an endpoint's health state changed",
  breaker: "an endpoint's breaker changed state",
  failover: "traffic left the preferred endpoint",
  failback: "traffic returned to the preferred endpoint",
  retry: "a failed attempt was retried",
  hedge_start: "a hedge request was sent",
  hedge_winner: "a hedge race was decided",
  budget_exhausted: "the retry budget refused a retry",
  stream_resumed: "a cut stream was resumed on another endpoint",
  stream_aborted: "a cut stream could not be resumed",
  stream_anomaly: "an answer was accepted although its stream broke the protocol (no [DONE] after finish_reason)",
  residency_fail_open: "an attempt left its request's residency because `allowFailOpen` is on",
  conversation_replayed:
    "a conversation whose owning endpoint was lost was sent whole, from its transcript, to another",
} as const);

/** One routing-event kind. */
export type RoutingEventKind = keyof typeof ROUTING_EVENT_KINDS;
