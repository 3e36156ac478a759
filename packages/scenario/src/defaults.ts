/**
 * Every default a scenario file may leave out, in one frozen object next to
 * the schema (schema.ts) that validates the keys. docs/scenarios.md lists them.
 */
export const SCENARIO_DEFAULTS = Object.freeze({
  /** Seed for arrivals, monkey blocks and random() targets. */
  seed: 1,
  /** Failover strategy when `client.strategy` is absent. */
  strategy: "active-passive",
  load: Object.freeze({
    rate: 100,
    arrival: "poisson" as const,
    stream: 0,
    promptTokens: Object.freeze({ min: 64, max: 512 }),
    maxTokens: Object.freeze({ min: 32, max: 256 }),
    timeoutMs: 30_000,
  }),
  session: Object.freeze({
    // A reader's pause before the next message; chat logs put the median between turns at tens of seconds,
    // a few seconds keeps a test run's conversations moving.
    thinkTimeMs: Object.freeze({ min: 1000, max: 5000 }),
    // A short system prompt, as most chat front ends send.
    contextTokens: Object.freeze({ min: 256, max: 256 }),
    userTokens: Object.freeze({ min: 32, max: 256 }),
    // What most applications send: the caller holds the history, so no server's loss can take it.
    api: "chat" as const,
  }),
  node: Object.freeze({
    /** A node that names no tier serves the primary model. */
    tier: "full" as const,
    // Full quality unless the scenario says otherwise: faultline does not guess what a smaller model is worth.
    quality: 1,
  }),
  /** Window a stop condition must hold over when `for:` is absent. */
  stopWindowMs: 5_000,
  /** Ramp step length when `ramp.step` is absent. */
  rampStepMs: 1_000,
  /** How long a started gateway may take to answer its ready URL. */
  systemReadyTimeoutMs: 30_000,
  /** Where a started gateway is sent requests when its system leaves out `url:`. */
  gatewayUrl: "http://127.0.0.1:{{port}}/v1",
});

/**
 * Strategy names @faultline/client knows (from @faultline/contracts); `client.strategy` and `strategies` must use one.
 */
export { STRATEGY_NAMES } from "@faultline/contracts";
