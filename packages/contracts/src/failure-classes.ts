/**
 * Every `error_class` a failed request can carry (requests.error_class in
 * events.db, `errorClass` of a ChatOutcome). `endpointFault` marks the classes
 * that count against the endpoint (its breaker trips on them); the others are
 * the caller's or the client's own limits.
 */
export const FAILURE_CLASSES = Object.freeze({
  connect: { endpointFault: true, meaning: "the connection failed or was reset before the answer began" },
  timeout: { endpointFault: true, meaning: "no first byte within the first-byte timeout" },
  http_5xx: { endpointFault: true, meaning: "the endpoint answered 5xx" },
  http_429: { endpointFault: false, meaning: "the endpoint rate-limited the request" },
  http_4xx: { endpointFault: false, meaning: "the endpoint refused the request (4xx other than 429)" },
  stream_cut: { endpointFault: true, meaning: "the connection was lost mid-answer" },
  stream_stall: { endpointFault: true, meaning: "a stream fell silent for longer than `streamStallMs`" },
  malformed: { endpointFault: true, meaning: "the answer was not valid OpenAI JSON or SSE" },
  deadline: { endpointFault: false, meaning: "the request's end-to-end deadline passed" },
  budget: { endpointFault: false, meaning: "the retry budget refused another attempt" },
  no_endpoint: { endpointFault: false, meaning: "no endpoint was available to try" },
  // An attempt-level class (transport/send.ts): it reaches a request only when a cancelled hedge was its last attempt.
  cancelled: { endpointFault: false, meaning: "the client cancelled the attempt (a hedge that lost the race)" },
  // Written by the runner's load generator when the client broke its promise never to reject.
  client: { endpointFault: false, meaning: "the failover client itself threw (a faultline bug); the request is recorded, not lost" },
} as const);

/** One failure class. */
export type FailureClass = keyof typeof FAILURE_CLASSES;
