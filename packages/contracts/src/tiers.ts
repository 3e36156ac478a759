/**
 * Degradation tiers, best first (issue 17, after seed 004's table). `full` is the primary model; `degraded` a smaller
 * or cheaper one (shorter answers); `minimal` an answer from the client's answer cache (stale-if-error); `emergency`
 * the retry queue and then a maintenance message. Only the first two are served by an endpoint, so only they may be
 * declared on a node or endpoint (ENDPOINT_TIERS); the lower two are the client's own.
 */
export const TIERS = Object.freeze({
  full: "normal operation: the primary model",
  degraded: "partial outage: a smaller model, possibly shorter answers",
  minimal: "major outage: a cached answer to the same request, no older than answerCacheMaxStaleMs",
  emergency: "complete failure: the request waits in the retry queue, then gets the maintenance message",
} as const);

/** One degradation tier. */
export type Tier = keyof typeof TIERS;

/** The tiers a node or endpoint may declare: the ones an upstream model serves. */
export const ENDPOINT_TIERS = Object.freeze(["full", "degraded"] as const);

/** A tier an endpoint may declare. */
export type EndpointTier = (typeof ENDPOINT_TIERS)[number];

/** The header faultline's gateway names the tier of an answer in (the serving endpoint's, or minimal / emergency). */
export const TIER_HEADER = "x-faultline-tier";

/** The header that carries a request's lowest acceptable tier to a gateway (`minTier` of its load class). */
export const MIN_TIER_HEADER = "x-faultline-min-tier";

/**
 * The header on an answer from the answer cache: `hit; age=<ms>; from=<endpoint>` (the form of RFC 9211's
 * Cache-Status parameters, named for faultline since the gateway is not an HTTP cache).
 */
export const CACHE_HEADER = "x-faultline-cache";

/** The header on an answer that waited in the retry queue: the milliseconds it waited. */
export const QUEUED_HEADER = "x-faultline-queued-ms";

/** How a request's stay in the retry queue ended (requests.queue_outcome). */
export const QUEUE_OUTCOMES = Object.freeze({
  rescued: "an endpoint recovered before its deadline and answered it",
  timed_out: "its deadline came first: it got the maintenance message",
  overflow: "the queue was full: it got the maintenance message at once",
  failed: "an endpoint took it after a recovery and failed it in a way no wait helps (a 4xx, a cut stream)",
} as const);

/** One way a stay in the retry queue ended. */
export type QueueOutcome = keyof typeof QUEUE_OUTCOMES;

/** Whether an answer at `tier` may serve a request that accepts nothing below `minTier` (null: any tier). */
export function tierAllows(tier: string, minTier: string | null): boolean {
  if (minTier === null) return true;
  const order = Object.keys(TIERS);
  const at = order.indexOf(tier);
  const floor = order.indexOf(minTier);
  return at !== -1 && floor !== -1 && at <= floor;
}
