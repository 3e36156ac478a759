/** One client request as the caller saw it. Field names match the `requests` columns. */
export interface RequestRow {
  pass_id: number;
  strategy: string;
  scheduled_ms: number;
  start_ms: number;
  first_byte_ms: number | null;
  end_ms: number;
  ok: 0 | 1;
  status: number | null;
  served_by: string | null;
  attempts: number;
  error: string | null;
  error_class: string | null;
  stream: 0 | 1;
  prompt_tokens: number;
  completion_tokens: number;
  wasted_tokens: number;
  request_class: string | null;
  /** The id the load generator sent; null in logs from before schema version 2. */
  request_id: string | null;
  /** Digest of the text received, when the load generator judged it (black-box systems). */
  text_hash?: number | null;
  text_chars?: number | null;
  /** The jurisdiction tag the request had to stay in (its load class's `residency`); null for anywhere. */
  residency?: string | null;
  /** The tier it was served at (full, degraded, minimal, emergency), or null. */
  tier?: string | null;
  /** The quality weight its answer counts for, or null for a failure. */
  quality?: number | null;
  /** Age of the cached answer (minimal tier). */
  cache_age_ms?: number | null;
  /** How its stay in the retry queue ended, or null. */
  queue_outcome?: string | null;
  /** How long it waited in the retry queue, or null. */
  queued_ms?: number | null;
  /** The conversation the request belongs to, its 1-based turn and its planned turns; null outside a conversation. */
  session_id?: string | null;
  session_turn?: number | null;
  session_turns?: number | null;
  /** The API a conversation turn went over (SESSION_APIS); null outside a conversation. */
  api?: string | null;
}

/** One attempt as a node received it (the black-box view of the system under test). */
export interface NodeAttemptRow {
  pass_id: number;
  request_id: string;
  node: string;
  arrived_ms: number;
  first_byte_ms: number | null;
  end_ms: number;
  status: number;
  outcome: string;
  prompt_tokens: number;
  completion_tokens: number;
  /** Digest of the text the attempt sent; null when it sent none. */
  text_hash: number | null;
  text_chars: number | null;
  /** The tier the node served at. */
  tier?: string | null;
}

/** One routing decision of the failover client. */
export interface RoutingEventRow {
  pass_id: number;
  strategy: string;
  t_ms: number;
  kind: string;
  endpoint: string | null;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  detail: string | null;
}

/** One event reported by a node process (admin calls, faults applied and reverted). */
export interface NodeEventRow {
  pass_id: number;
  t_ms: number;
  node: string;
  kind: string;
  detail: string | null;
}

/** One resource sample of a node process. */
export interface SampleRow {
  pass_id: number;
  t_ms: number;
  node: string;
  cpu_pct: number | null;
  rss_mb: number | null;
  running: number | null;
  waiting: number | null;
}

/** The column order used by the batched inserts; one list per table. */
export const COLUMNS = {
  requests: [
    "pass_id",
    "strategy",
    "scheduled_ms",
    "start_ms",
    "first_byte_ms",
    "end_ms",
    "ok",
    "status",
    "served_by",
    "attempts",
    "error",
    "error_class",
    "stream",
    "prompt_tokens",
    "completion_tokens",
    "wasted_tokens",
    "request_class",
    "request_id",
    "text_hash",
    "text_chars",
    "residency",
    "tier",
    "quality",
    "cache_age_ms",
    "queue_outcome",
    "queued_ms",
    "session_id",
    "session_turn",
    "session_turns",
    "api",
  ],
  routing_events: ["pass_id", "strategy", "t_ms", "kind", "endpoint", "from_state", "to_state", "reason", "detail"],
  node_events: ["pass_id", "t_ms", "node", "kind", "detail"],
  node_attempts: [
    "pass_id",
    "request_id",
    "node",
    "arrived_ms",
    "first_byte_ms",
    "end_ms",
    "status",
    "outcome",
    "prompt_tokens",
    "completion_tokens",
    "text_hash",
    "text_chars",
    "tier",
  ],
  samples: ["pass_id", "t_ms", "node", "cpu_pct", "rss_mb", "running", "waiting"],
} as const;

/** Tables written through the batched writer. */
export type BatchedTable = keyof typeof COLUMNS;
/** Row type of each batched table. */
export interface RowOf {
  requests: RequestRow;
  routing_events: RoutingEventRow;
  node_events: NodeEventRow;
  node_attempts: NodeAttemptRow;
  samples: SampleRow;
}
