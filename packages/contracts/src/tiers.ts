/**
 * Degradation tiers an endpoint (a scenario node) declares, best first. `full` is the primary model; `degraded` a
 * smaller or cheaper one (issue 17: a smaller fallback model, shorter answers). The answer cache (`minimal`) and the
 * retry queue with a maintenance message (`emergency`) are not built yet, so they are not tiers a node may declare.
 */
export const TIERS = Object.freeze({
  full: "normal operation: the primary model",
  degraded: "partial outage: a smaller model, possibly shorter answers",
} as const);

/** One degradation tier. */
export type Tier = keyof typeof TIERS;

/** The header faultline's gateway names the serving endpoint's tier in. */
export const TIER_HEADER = "x-faultline-tier";

/** The header that carries a request's lowest acceptable tier to a gateway (`minTier` of its load class). */
export const MIN_TIER_HEADER = "x-faultline-min-tier";

/** Whether an endpoint of `tier` may serve a request that accepts nothing below `minTier` (null: any tier). */
export function tierAllows(tier: string, minTier: string | null): boolean {
  if (minTier === null) return true;
  const order = Object.keys(TIERS);
  const at = order.indexOf(tier);
  const floor = order.indexOf(minTier);
  return at !== -1 && floor !== -1 && at <= floor;
}
