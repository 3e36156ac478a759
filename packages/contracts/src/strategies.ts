/**
 * The failover strategy presets @faultline/client ships, by name. The client
 * defines what each one is (client/src/strategies.ts must have exactly these
 * keys); the scenario validator and the docs read the names here.
 */
export const STRATEGY_NAMES = Object.freeze([
  "none",
  "manual",
  "active-passive",
  "active-active",
  "circuit-breaker",
  "hedged",
  "session-affinity",
  "conversation-backup",
] as const);

/** One strategy preset's name. */
export type StrategyName = (typeof STRATEGY_NAMES)[number];
