/** @faultline/client: a failover client and OpenAI-compatible gateway for LLM endpoints. */
export { createFailoverClient } from "./client.js";
export { ConnectionHandOff } from "./connection-hand-off.js";
export { strategyNames, STRATEGY_PRESETS } from "./strategies.js";
export { DEFAULT_OPTIONS } from "./defaults.js";
export type { ClientOptions } from "./defaults.js";
export { resolveOptions } from "./options.js";
export { ClientErrorCodes } from "./errors.js";
export type {
  TierNote,
  EndpointConfig,
  FailoverClientConfig,
  RoutingEvent,
  ChatOutcome,
  ChatOptions,
  TokenFrameShape,
  FailoverClient,
  ClientDeps,
  GatewayConfig,
  ModelGroupConfig,
  AttemptRecord,
} from "./types.js";
export { startGateway } from "./gateway/server.js";
export { GATEWAY_LIMITS } from "./gateway/limits.js";
export type { GatewayLimits } from "./gateway/limits.js";
export type { GatewayAccessLine } from "./gateway/access-line.js";
export { RequestTracer } from "./tracing/request-tracer.js";
export type { TracingOptions } from "./tracing/request-tracer.js";
export { loadGatewayConfig, validateClientConfig, endpointsFromFlags } from "./gateway/config.js";
export { validateGatewayConfig } from "./gateway/gateway-config.js";
