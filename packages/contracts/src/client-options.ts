import { AFFINITY_KEYS, SESSION_HEADER, type AffinityKey } from "./sessions.js";
import { CLIENT_OPTION_MEANINGS } from "./client-option-meanings.js";

// Moved from @faultline/client (which re-exports them) so that `faultline validate` can check a
// scenario's client.options against the schema below without loading the client and fastify.

/**
 * Every option of the failover client, with the default a preset starts
 * from. Presets (strategies.ts) override some of these; a scenario can
 * override any of them. Durations are milliseconds.
 */
export interface ClientOptions {
  /** How the next endpoint is chosen: priority order, one endpoint only, weighted spread, or least latency. */
  readonly routing: "priority" | "single" | "weighted" | "latency";
  /** Relative weights by endpoint name for routing: weighted (missing names weigh 1). */
  readonly weights: Readonly<Record<string, number>>;
  readonly healthChecks: boolean;
  readonly healthIntervalMs: number;
  /** Check interval for an endpoint that is unhealthy or waiting to rejoin: recovery is seen within this. */
  readonly unhealthyIntervalMs: number;
  readonly healthTimeoutMs: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** Fraction of the interval added or removed at random, so checks of many clients do not align. */
  readonly healthJitter: number;
  readonly breaker: boolean;
  readonly consecutiveFailures: number;
  readonly failureRateThreshold: number;
  readonly failureRateWindowMs: number;
  readonly failureRateMinVolume: number;
  /** A request whose first byte comes later than this counts as a failure (0 = off). */
  readonly latencyBoundMs: number;
  readonly breakerOpenMs: number;
  readonly breakerMaxOpenMs: number;
  readonly breakerBackoffFactor: number;
  readonly halfOpenProbes: number;
  /** Total attempts per request, first one included (1 = no retries). */
  readonly maxAttempts: number;
  /** Retry the same endpoint once after a transient 5xx (500, 502, 503, 504) before failing over. */
  readonly retrySameEndpoint: boolean;
  /** A 429 whose Retry-After is at most this is waited out on the same endpoint instead of failing over (0 = never). */
  readonly retryAfterWaitMaxMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly retryBudgetRatio: number;
  readonly retryBudgetMinConcurrent: number;
  readonly deadlineMs: number;
  readonly firstByteTimeoutMs: number;
  /** Non-streaming answers arrive whole: their attempt may take firstByteTimeoutMs plus this much per max_tokens. */
  readonly nonStreamMsPerToken: number;
  readonly streamStallMs: number;
  readonly rateLimitCooldown: boolean;
  readonly rateLimitCooldownMs: number;
  readonly rateLimitMaxCooldownMs: number;
  /** How long an endpoint whose account is out of quota rests when the provider names no time (class `quota`). */
  readonly quotaCooldownMs: number;
  readonly hedge: boolean;
  /** Fixed hedge delay, or 0 to use the endpoint's running p95 time to first byte. */
  readonly hedgeDelayMs: number;
  readonly hedgeMinDelayMs: number;
  /**
   * How long the preferred endpoint must be unavailable before traffic leaves it (the operator's delay in manual mode).
   */
  readonly failoverDelayMs: number;
  /** Manual mode: time until an operator notices the outage (added to failoverDelayMs). */
  readonly detectionDelayMs: number;
  /** Manual mode: time the operator takes to switch once they know (added to failoverDelayMs). */
  readonly reactionMs: number;
  /** How long a recovered endpoint must stay available, its checks all passing, before it rejoins (first recovery). */
  readonly stabilityWindowMs: number;
  /** Each flap multiplies the stability window by this (Envoy's ejection-time growth). */
  readonly stabilityBackoffFactor: number;
  /** The cap of that growth. */
  readonly stabilityWindowMaxMs: number;
  /** A flap is forgotten (the window shrinks by one step) for each this long the endpoint stays available. */
  readonly flapMemoryMs: number;
  readonly slowStartMs: number;
  readonly resumeStreams: boolean;
  /**
   * Shed load an endpoint cannot take: when its answers start to queue (latency over twice its own best), the
   * attempts it may hold at once fall below what it holds now, and requests over every endpoint's limit fail fast.
   */
  readonly adaptiveConcurrency: boolean;
  /** An upstream answer (buffered body or whole stream) larger than this fails the attempt as response_too_large. */
  readonly maxResponseBytes: number;
  /** An SSE line from upstream longer than this fails the attempt as response_too_large. */
  readonly maxSseLineBytes: number;
  /**
   * When no endpoint in a request's residency can take it, send it outside the residency instead of failing closed;
   * every such attempt is recorded (a `residency_fail_open` event).
   */
  readonly allowFailOpen: boolean;
  /**
   * Minimal tier: how many answers the answer cache keeps (least recently used go first); 0 turns the cache off. A
   * request nothing full or degraded can serve gets the cached answer to the same normalised request, if fresh enough.
   */
  readonly answerCacheSize: number;
  /** The oldest cached answer that may still be served (HTTP's stale-if-error window). */
  readonly answerCacheMaxStaleMs: number;
  /** The quality weight the summary counts for a cached answer (0..1), as a node's `quality` is for its answers. */
  readonly answerCacheQuality: number;
  /**
   * Emergency tier: how many requests may wait at once for an endpoint to recover; 0 turns the queue off. A request
   * waits no longer than its own deadline, and one that finds the queue full gets the maintenance answer at once.
   */
  readonly retryQueueSize: number;
  /** What a request gets when nothing could serve it: an OpenAI-shaped `message`, or `unavailable` (503). */
  readonly maintenanceAnswer: "message" | "unavailable";
  /** The text of the maintenance answer (the message's content, or the 503's error message). */
  readonly maintenanceMessage: string;
  /** The Retry-After the maintenance answer carries (rounded up to whole seconds). */
  readonly maintenanceRetryAfterMs: number;
  /**
   * The SQLite file that keeps each stored conversation's transcript (Responses API), so a turn whose owner is lost
   * is sent whole to another endpoint; "" keeps no transcripts (no conversation backup).
   */
  readonly conversationStore: string;
  /** Transcripts kept at most; the oldest are dropped first. */
  readonly conversationMaxTranscripts: number;
  /** A transcript older than this is dropped (its conversation can no longer be backed up). */
  readonly conversationMaxAgeMs: number;
  /**
   * Session affinity: what keys a conversation to the endpoint that served its last turn (`off`; `header`, the
   * request header named by affinityHeader; `user`, the body's user field). A session stays there while that endpoint
   * is in the rotation and available; failover and, under priority routing, failback still move it.
   */
  readonly affinity: AffinityKey;
  /** The request header affinity `header` reads. */
  readonly affinityHeader: string;
  /** A session not seen for this long is forgotten (its next turn is routed afresh). */
  readonly affinityTtlMs: number;
  /** At most this many sessions are remembered; the least recently used is forgotten first. */
  readonly affinityMaxKeys: number;
}

/** The base defaults; each line says why. */
export const DEFAULT_OPTIONS: ClientOptions = Object.freeze({
  routing: "priority", // the paper's primary/backup order
  weights: Object.freeze({}),
  healthChecks: true,
  healthIntervalMs: 1000, // LiteLLM checks every 300 s; 1 s keeps detection inside the paper's 2 s
  // Envoy's unhealthy_interval: a down endpoint is watched closely, so its recovery is seen in 250 ms, not 1 s
  unhealthyIntervalMs: 250,
  healthTimeoutMs: 500, // a health answer slower than half the interval is itself a symptom
  healthyThreshold: 3, // Envoy's healthy_threshold idea: one lucky check must not bring a node back
  unhealthyThreshold: 2, // two misses at 1 s = 2 s detection, the paper's figure, without tripping on one lost probe
  healthJitter: 0.1, // 10% spreads checks without making detection time unpredictable
  breaker: true,
  consecutiveFailures: 3, // three failures in a row is Envoy's consecutive_5xx spirit at LLM request rates
  failureRateThreshold: 0.5, // half the requests failing is an outage, not noise
  failureRateWindowMs: 10_000, // Envoy's outlier interval is 10 s
  failureRateMinVolume: 20, // below 20 requests a rate says nothing
  latencyBoundMs: 0, // off: a slow answer is still an answer unless a preset says otherwise
  breakerOpenMs: 1000, // LiteLLM cools down 5 s flat; 1 s first, growing, recovers fast from blips
  breakerMaxOpenMs: 30_000, // Envoy's max_ejection_time default is 300 s; 30 s keeps a test run responsive
  breakerBackoffFactor: 2, // open time doubles on each repeated trip (Envoy's ejection multiplier)
  halfOpenProbes: 1, // one probe at a time: a still-broken endpoint costs one request
  maxAttempts: 3, // primary, backup, and one more try: enough for two endpoints to fail over and back
  // A 500 once is a blip: the OpenAI and Anthropic SDKs retry it in place, and the endpoint that holds the
  // model, the prompt cache and the caller's quota is the best place for the next try.
  retrySameEndpoint: true,
  // OpenAI's per-second limits answer with retry-after-ms well under a second; 2 s is less than a
  // failover to another provider costs in a different model, price and cold cache. Longer waits fail over.
  retryAfterWaitMaxMs: 2000,
  backoffBaseMs: 50, // only used when the same endpoint is retried; full jitter (AWS) avoids lockstep
  backoffMaxMs: 1000,
  retryBudgetRatio: 0.2, // Envoy's default retry budget: retries <= 20% of active requests
  retryBudgetMinConcurrent: 3, // Envoy's min_retry_concurrency: low traffic can still retry
  deadlineMs: 30_000, // one end-to-end deadline so per-attempt timeouts never add up (Bifrost waits 130 s)
  firstByteTimeoutMs: 2000, // the paper's 2 s detection, applied per request (0 = only the deadline)
  // A non-streamed answer has no early byte; 40 ms/token is 25 tokens/s, below the slowest profile's pace (ITL 25 ms).
  nonStreamMsPerToken: 40,
  streamStallMs: 2000, // a stream silent for 2 s mid-answer is stalled, not slow
  rateLimitCooldown: true,
  rateLimitCooldownMs: 1000, // 429 without Retry-After: wait 1 s, doubling: a handful of attempts a second at most
  rateLimitMaxCooldownMs: 30_000,
  // An exhausted quota or spend limit comes back only when someone pays or the month turns: no request waits for it,
  // and 10 min keeps a dead account from taking one attempt of every request while still noticing a top-up.
  quotaCooldownMs: 600_000,
  hedge: false,
  hedgeDelayMs: 0, // 0 = the endpoint's running p95 (the "tail at scale" rule)
  hedgeMinDelayMs: 20, // never hedge before 20 ms: that would double load on every request
  failoverDelayMs: 0, // automatic strategies move traffic at once
  detectionDelayMs: 0, // only the manual preset models a human
  reactionMs: 0,
  // Failback target: the primary carries >= 90% within 3 s of a recovery that holds (three checks at 250 ms,
  // 0.5 s of passing checks, 0.9 of a 1 s ramp: about 2 s). A flap makes the next window 4x longer
  // (0.5, 2, 8, 32 s): a primary that flaps every few seconds is kept out after its first flap.
  stabilityWindowMs: 500,
  stabilityBackoffFactor: 4,
  // Envoy's max_ejection_time is 300 s; 30 s (like breakerMaxOpenMs) keeps a flapping primary out without a long
  // wait once it holds
  stabilityWindowMaxMs: 30_000,
  // Envoy decrements its ejection multiplier each interval the host stays healthy; 30 s of calm forgets one flap
  flapMemoryMs: 30_000,
  // Envoy slow start: a recovered node's share ramps up over 1 s instead of jumping (its caches are cold)
  slowStartMs: 1000,
  resumeStreams: true, // resume a cut stream where the next endpoint declares prefill support
  // Envoy's adaptive concurrency and Netflix's concurrency-limits: a backup with a sixth of the primary's capacity
  // queued the primary's traffic until every request timed out (3.3 s, conformance thundering-herd-backup).
  adaptiveConcurrency: true,
  // A 1 GB answer once grew the gateway to 6.7 GB and starved every other caller (issue 24).
  // 32 MiB is over 100,000 streamed tokens of OpenAI's chunk format; no chat answer is near it.
  maxResponseBytes: 32 * 1024 * 1024,
  // One SSE frame is one token (~200 bytes); a line of 1 MiB is an upstream that lost its framing.
  maxSseLineBytes: 1024 * 1024,
  // Residency is a legal promise, not a preference: a request that cannot stay in its jurisdiction fails (LiteLLM
  // #25276 and PR #36193 leaked tagged traffic into fallbacks silently). Failing open is a choice someone must write.
  allowFailOpen: false,
  // The answer cache is off unless asked for: serving the same answer again is the operator's product decision
  // (LiteLLM and Portkey cache only when configured, too). 1,000 answers of ~2 KB is a 2 MB bound when on.
  answerCacheSize: 0,
  // HTTP's stale-if-error names the window per response; 5 min keeps an outage of minutes covered without serving
  // yesterday's answer.
  answerCacheMaxStaleMs: 300_000,
  // A stale answer to the same question is worth something, not as much as a fresh one; the scenario can say more.
  answerCacheQuality: 0.5,
  // Off unless asked for: a queue holds callers' connections open, which the operator should size knowingly.
  retryQueueSize: 0,
  // A 503 with Retry-After is what the OpenAI and Anthropic SDKs and HTTP clients retry on; a 200 "message" would be
  // read as an answer by anything that does not look at x-faultline-tier.
  maintenanceAnswer: "unavailable",
  maintenanceMessage: "The service is under maintenance. Please try again shortly.",
  // Every recovery the scenarios play takes seconds; 30 s spreads the retries of many callers without losing them.
  maintenanceRetryAfterMs: 30_000,
  // Off unless a file is named: a transcript is the caller's conversation, kept on the gateway's disk, which someone
  // must choose to do (and LiteLLM #15930 is what happens without it: previous_response_id breaks on fallback).
  conversationStore: "",
  // 10,000 conversations of tens of turns is tens of MB of SQLite: a gateway's disk, not its memory.
  conversationMaxTranscripts: 10_000,
  // A day: longer than any session the scenarios model; OpenAI keeps stored responses 30 days, but a backup only
  // needs to outlive an outage of the node that owns the conversation.
  conversationMaxAgeMs: 86_400_000,
  // Off: stickiness trades the spread of weighted routing for warm caches, a choice the scenario makes.
  affinity: "off",
  affinityHeader: SESSION_HEADER,
  // vLLM keeps a prefix cached until its blocks are needed; 10 min outlasts a user's pause between turns.
  affinityTtlMs: 600_000,
  // A map entry is ~100 bytes: 100,000 sessions is ~10 MB, far more conversations than one client carries.
  affinityMaxKeys: 100_000,
});

/** What a request nothing could serve gets (`maintenanceAnswer`). */
export const MAINTENANCE_ANSWERS = Object.freeze(["message", "unavailable"] as const);

/** How the next endpoint is chosen (`routing`). */
export const ROUTINGS = Object.freeze(["priority", "single", "weighted", "latency"] as const);

/** Option keys whose value is one of a fixed list of words: the validator and the schema read this one table. */
export const ENUM_OPTIONS: Readonly<Partial<Record<keyof ClientOptions, readonly string[]>>> = Object.freeze({
  routing: ROUTINGS,
  maintenanceAnswer: MAINTENANCE_ANSWERS,
  affinity: AFFINITY_KEYS,
});

/** Option keys that are durations (accept "2s" as well as 2000). */
export const DURATION_KEYS: ReadonlySet<string> = new Set(Object.keys(DEFAULT_OPTIONS).filter((k) => k.endsWith("Ms")));
/** Option keys that are fractions between 0 and 1. */
export const FRACTION_KEYS: ReadonlySet<string> = new Set([
  "healthJitter",
  "failureRateThreshold",
  "retryBudgetRatio",
  "answerCacheQuality",
]);
/** Option keys that are counts (whole numbers): the lower tiers' bounds. */
export const COUNT_KEYS: ReadonlySet<string> = new Set(["answerCacheSize", "retryQueueSize"]);
/** Option keys that must be at least 1. */
export const AT_LEAST_ONE_KEYS: ReadonlySet<string> = new Set([
  "healthyThreshold",
  "unhealthyThreshold",
  "consecutiveFailures",
  "halfOpenProbes",
  "maxAttempts",
  "breakerBackoffFactor",
  "stabilityBackoffFactor",
  "maxResponseBytes",
  "maxSseLineBytes",
  "conversationMaxTranscripts",
  "affinityMaxKeys",
]);

/** Option keys whose value is a string other than an enum (a file path). */
export const TEXT_KEYS: ReadonlySet<string> = new Set(["conversationStore"]);

// A schema that embeds this one (the scenario schema) supplies its own #/$defs/duration, the same shape.
const DURATION = { type: ["string", "number"], pattern: "^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)\\s*$", minimum: 0 };

function optionShape(key: string, base: unknown): Record<string, unknown> {
  const words = ENUM_OPTIONS[key as keyof ClientOptions];
  if (words) return { enum: [...words] };
  if (TEXT_KEYS.has(key)) return { type: "string" };
  if (key === "affinityHeader") return { type: "string", pattern: "^[A-Za-z0-9-]+$" };
  if (typeof base === "string") return { type: "string", minLength: 1 };
  if (key === "weights") return { type: "object", additionalProperties: { type: "number", minimum: 0 } };
  if (typeof base === "boolean") return { type: "boolean" };
  if (DURATION_KEYS.has(key)) return { $ref: "#/$defs/duration" };
  if (FRACTION_KEYS.has(key)) return { type: "number", minimum: 0, maximum: 1 };
  if (COUNT_KEYS.has(key)) return { type: "integer", minimum: 0 };
  return { type: "number", minimum: AT_LEAST_ONE_KEYS.has(key) ? 1 : 0 };
}

/** An option's shape, with what it does and its default (milliseconds for durations) for editors. */
function optionSchema(key: string, base: unknown): Record<string, unknown> {
  return {
    ...optionShape(key, base),
    description: CLIENT_OPTION_MEANINGS[key as keyof ClientOptions],
    default: base,
  };
}

/**
 * JSON Schema (draft-07) of a client's option overrides, built from the
 * defaults above so a new option is in it the moment it has a default. The
 * scenario validator checks `client.options` with it; resolveOptions in the
 * client applies the same rules to a config given in code.
 */
export const CLIENT_OPTIONS_SCHEMA = Object.freeze({
  type: "object",
  additionalProperties: false,
  properties: Object.fromEntries(Object.entries(DEFAULT_OPTIONS).map(([k, v]) => [k, optionSchema(k, v)])),
  $defs: { duration: DURATION },
});
