/**
 * The routing ledger's words: the filters a routing decision records, and the shape of one record. The client writes
 * records, @faultline/eventlog seals them into a hash chain, `faultline audit` verifies and exports them, and
 * docs/ledger.md lists every filter (a docs-sync test).
 */
export const LEDGER_FILTERS = Object.freeze({
  owner:
    "endpoints other than the one that owns the conversation a Responses API turn continues (`previous_response_id`)",
  residency: "endpoints outside the request's residency (kept out unless `allowFailOpen` let the pick leave it)",
  tier:
    "endpoints whose tier is below the request's `minTier` " +
    "(a degraded model for a request that must get the full one)",
  context: "endpoints whose context window is too small after a context_length_exceeded answer",
  prefill: "endpoints that cannot continue a cut stream (no `supportsPrefill`) while the request resumes one",
  cooldown: "endpoints cooling down after a 429 (Retry-After, or the client's own cooldown)",
  breaker: "endpoints whose circuit breaker refuses a request now",
  tried: "endpoints this request already tried (used again only as a last resort)",
  health: "endpoints the health checks doubt (used only as a last resort)",
} as const);

/** One ledger filter. */
export type LedgerFilter = keyof typeof LEDGER_FILTERS;

/** What one filter did to the candidates. */
export interface LedgerFilterResult {
  readonly filter: LedgerFilter;
  /** The candidates it set aside, in the router's order. */
  readonly removed: readonly string[];
}

/** One routing decision: which endpoint an attempt of a request went to, out of which, and why. */
export interface RoutingDecision {
  /** The caller's request id (x-request-id, the runner's id), or null when the caller gave none. */
  readonly requestId: string | null;
  /** 1-based attempt number within the request (retries and hedges count). */
  readonly attempt: number;
  /** The client's clock when the decision was made, ms. */
  readonly tMs: number;
  /** The request's residency, or null for anywhere. */
  readonly residency: string | null;
  /** The lowest tier the request accepts, or null for any. */
  readonly minTier: string | null;
  /** Every endpoint, in the order the strategy's router offered them, before any filter. */
  readonly candidates: readonly string[];
  /** Each filter, in the order applied, with the endpoints it set aside (an empty list: it removed none). */
  readonly filters: readonly LedgerFilterResult[];
  /** The endpoint the attempt was sent to, or null when none was. */
  readonly chosen: string | null;
  /** Why that one (or why none). */
  readonly reason: string;
  /** Retry-After still in force, by endpoint: ms until each cooling endpoint may be sent to again. */
  readonly retryAfterMs: Readonly<Record<string, number>>;
}

/** The hash the first record of a chain links to. */
export const LEDGER_GENESIS_HASH = "0".repeat(64);
