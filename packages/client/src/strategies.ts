import { STRATEGY_NAMES, type StrategyName } from "@faultline/contracts";
import { FaultlineError, didYouMean } from "@faultline/core";
import type { ClientOptions } from "./defaults.js";
import { ClientErrorCodes } from "./errors.js";

/**
 * The named strategy presets. Each is the same policy stack (deadline,
 * budget, retry, hedge, route, breaker) with different option defaults: a
 * preset is data, not a code path.
 */
export const STRATEGY_PRESETS: Readonly<Record<StrategyName, Readonly<Partial<ClientOptions>>>> = Object.freeze({
  // Single cloud: the first endpoint only, no detection, no retries; the paper's baseline.
  // Like a plain OpenAI client: it waits for the answer until the caller's deadline.
  none: Object.freeze({
    routing: "single",
    healthChecks: false,
    breaker: false,
    maxAttempts: 1,
    rateLimitCooldown: false,
    resumeStreams: false,
    adaptiveConcurrency: false,
    slowStartMs: 0,
    stabilityWindowMs: 0,
    firstByteTimeoutMs: 0,
    streamStallMs: 0,
  }),
  // The paper's "manual system": health checks tell an operator, who switches after
  // noticing (10 s) and acting (5 s); no automatic retry, no breaker.
  manual: Object.freeze({
    breaker: false,
    maxAttempts: 1,
    unhealthyThreshold: 1,
    healthyThreshold: 1,
    detectionDelayMs: 10_000,
    reactionMs: 5000,
    stabilityWindowMs: 15_000,
    slowStartMs: 0,
    resumeStreams: false,
  }),
  // The paper's system: health checks plus an immediate retry on the backup.
  "active-passive": Object.freeze({}),
  // Spread over every healthy endpoint by weight; failures retry elsewhere.
  "active-active": Object.freeze({ routing: "weighted" }),
  // "Predictive": trips on latency and failure rate before health checks notice.
  "circuit-breaker": Object.freeze({
    consecutiveFailures: 2,
    latencyBoundMs: 1500,
    failureRateThreshold: 0.3,
    failureRateMinVolume: 10,
    firstByteTimeoutMs: 1500,
  }),
  // Active-passive plus a hedge to the backup when the first byte is late.
  hedged: Object.freeze({ hedge: true }),
  // Active-active that keeps each conversation where its history is cached (x-faultline-session), moving it only
  // when its endpoint leaves the rotation: the spread of weighted routing without a cold prefill every other turn.
  "session-affinity": Object.freeze({ routing: "weighted", affinity: "header" }),
  // Session affinity plus a transcript of every stored conversation (Responses API), so a conversation whose owner
  // died goes on elsewhere. The store lives in the client's memory: a run's pass needs no file and leaves none; a
  // gateway that must survive its own restart names a file (--conversations), which takes this one's place.
  "conversation-backup": Object.freeze({ routing: "weighted", affinity: "header", conversationStore: ":memory:" }),
});

/** The names of every strategy preset (@faultline/contracts' table; STRATEGY_PRESETS has a preset for each). */
export function strategyNames(): readonly string[] {
  return STRATEGY_NAMES;
}

/** The preset's option defaults; throws a FaultlineError naming the known presets. */
export function presetFor(strategy: string): Readonly<Partial<ClientOptions>> {
  const preset = (STRATEGY_PRESETS as Record<string, Readonly<Partial<ClientOptions>> | undefined>)[strategy];
  if (!preset) {
    throw new FaultlineError(
      ClientErrorCodes.STRATEGY_UNKNOWN,
      `strategy: "${strategy}" is not a known strategy${didYouMean(strategy, strategyNames())}; ` +
        `use one of ${strategyNames().join(", ")}`,
      { field: "strategy" }
    );
  }
  return preset;
}
