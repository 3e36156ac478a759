// @faultline/client/failover: the failover client alone, for the runner. The package's index also
// loads the gateway (fastify) and OpenTelemetry tracing, which a run without --otlp-endpoint never
// uses: about a quarter of a second of a short run's start-up.
export { createFailoverClient } from "./client.js";
export { ConnectionHandOff } from "./connection-hand-off.js";
export type {
  EndpointConfig,
  FailoverClientConfig,
  RoutingEvent,
  ChatOutcome,
  ChatOptions,
  FailoverClient,
  ClientDeps,
} from "./types.js";
