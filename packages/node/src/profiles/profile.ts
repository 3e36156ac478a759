/**
 * The numbers that make a simulated node behave like one GPU serving one
 * model. Every field is a plain number so a scenario or CLI flag can override
 * any of them by name (see profileOverrideKeys()).
 */
export interface Profile {
  /** Fixed prefill overhead before the first token, ms (scheduling, kernel launch, first forward pass). */
  readonly ttftMs: number;
  /** Prefill time per uncached prompt token, ms. */
  readonly prefillMsPerToken: number;
  /** Mean inter-token latency with an empty batch, ms. */
  readonly itlMs: number;
  /** Inter-token jitter as a fraction of itlMs (uniform ±). */
  readonly itlJitter: number;
  /** Extra slow-down when the batch is full: itl × (1 + loadSlowdown × running/maxBatch). */
  readonly loadSlowdown: number;
  /** Sequences decoded at once (vLLM max_num_seqs). */
  readonly maxBatch: number;
  /** KV-cache budget in tokens; running prompt+generated tokens may not exceed it. */
  readonly kvTokens: number;
  /** Requests allowed to wait for a batch slot before the node answers 429. */
  readonly maxQueue: number;
  /** Longest prompt + completion the model accepts, tokens. */
  readonly maxContext: number;
  /** Completion length when the request gives no max_tokens. */
  readonly defaultMaxTokens: number;
  /** Time after start during which the node is live but not ready (model loading), ms. */
  readonly startupMs: number;
}

/** Names of the numeric profile fields a scenario may override. */
export const PROFILE_KEYS: readonly (keyof Profile)[] = Object.freeze([
  "ttftMs",
  "prefillMsPerToken",
  "itlMs",
  "itlJitter",
  "loadSlowdown",
  "maxBatch",
  "kvTokens",
  "maxQueue",
  "maxContext",
  "defaultMaxTokens",
  "startupMs",
] as const);

/** Fields that must be whole numbers ≥ 1 (counts rather than times). */
export const PROFILE_COUNT_KEYS: ReadonlySet<string> = new Set([
  "maxBatch",
  "kvTokens",
  "maxContext",
  "defaultMaxTokens",
]);
