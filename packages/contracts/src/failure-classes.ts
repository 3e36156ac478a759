/**
 * Every `error_class` a failed request can carry (requests.error_class in
 * events.db, `errorClass` of a ChatOutcome). `endpointFault` marks the classes
 * that count against the endpoint (its breaker trips on them); the others are
 * the caller's or the client's own limits. `gatewayStatus` is what the gateway
 * answers a caller whose request ended with the class (null: the upstream's own).
 */
export const FAILURE_CLASSES = Object.freeze({
  connect: {
    endpointFault: true,
    gatewayStatus: 502,
    meaning: "the connection failed or was reset before the answer began",
  },
  timeout: { endpointFault: true, gatewayStatus: 504, meaning: "no first byte within the first-byte timeout" },
  http_5xx: { endpointFault: true, gatewayStatus: 502, meaning: "the endpoint answered 5xx" },
  http_429: { endpointFault: false, gatewayStatus: 429, meaning: "the endpoint rate-limited the request" },
  quota: {
    endpointFault: false,
    gatewayStatus: 429,
    meaning:
      "the endpoint's account is out of quota or spend (OpenAI insufficient_quota, Anthropic's spend limit, Bedrock " +
      "ServiceQuotaExceededException): never retried there",
  },
  overloaded: {
    endpointFault: true,
    gatewayStatus: 503,
    meaning:
      "the provider as a whole is overloaded (Anthropic's 529 overloaded_error): every endpoint at that origin rests",
  },
  http_4xx: {
    endpointFault: false,
    gatewayStatus: null,
    meaning: "the endpoint refused the request (4xx other than 429)",
  },
  stream_cut: { endpointFault: true, gatewayStatus: 502, meaning: "the connection was lost mid-answer" },
  stream_stall: {
    endpointFault: true,
    gatewayStatus: 504,
    meaning: "a stream fell silent for longer than `streamStallMs`",
  },
  malformed: { endpointFault: true, gatewayStatus: 502, meaning: "the answer was not valid OpenAI JSON or SSE" },
  // An upstream that broke a size limit (client transport/limits.ts): it misbehaved like a cut stream.
  response_too_large: {
    endpointFault: true,
    gatewayStatus: 502,
    meaning: "the answer passed `maxResponseBytes`, or an SSE line passed `maxSseLineBytes`",
  },
  deadline: { endpointFault: false, gatewayStatus: 504, meaning: "the request's end-to-end deadline passed" },
  budget: { endpointFault: false, gatewayStatus: 503, meaning: "the retry budget refused another attempt" },
  // Failing closed on residency (client routing/residency-filter.ts): its own class, so a refusal is never read as
  // an outage.
  residency: {
    endpointFault: false,
    gatewayStatus: 503,
    meaning: "no endpoint in the request's residency could take it, and the client fails closed (`allowFailOpen` off)",
  },
  // Issue 17: a request whose minTier set endpoints aside is refused, not failed over; its own class so a kept promise
  // ("never a smaller model's answer") is not read as an outage.
  min_tier: {
    endpointFault: false,
    gatewayStatus: 503,
    meaning: "no endpoint at or above the request's `minTier` could answer; those below it were not tried",
  },
  // The emergency tier's last word (client policies/retry-queue-policy.ts): nothing recovered within the request's
  // deadline, or the retry queue was full.
  maintenance: {
    endpointFault: false,
    gatewayStatus: 503,
    meaning:
      "nothing could serve the request: it got the maintenance message (after the retry queue, or the queue was full)",
  },
  no_endpoint: { endpointFault: false, gatewayStatus: 503, meaning: "no endpoint was available to try" },
  // An attempt-level class (transport/send.ts): it reaches a request only when a cancelled hedge was its last attempt.
  cancelled: {
    endpointFault: false,
    gatewayStatus: null,
    meaning: "the client cancelled the attempt (a hedge that lost the race)",
  },
  // Written by the runner's load generator when the client broke its promise never to reject.
  client: {
    endpointFault: false,
    gatewayStatus: null,
    meaning: "the failover client itself threw (a faultline bug); the request is recorded, not lost",
  },
} as const);

/** One failure class. */
export type FailureClass = keyof typeof FAILURE_CLASSES;
