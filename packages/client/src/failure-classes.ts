/** What one failure class means to the breaker and to the gateway's caller. */
export interface FailureClass {
  /** The endpoint misbehaved: counted by outlier detection and the breaker. 429 and a caller's 4xx are not. */
  readonly endpointFault: boolean;
  /** The gateway's status for a request that ended with this class (null: the upstream's own status). */
  readonly gatewayStatus: number | null;
}

/**
 * The one table of failure classes (`errorClass` of a ChatOutcome, `error_class` in events.db).
 * The breaker and the gateway read it; docs/client.md's "Failure classes" table lists every
 * key, and docs-sync.test.ts keeps the two in step.
 */
export const FAILURE_CLASSES: Readonly<Record<string, FailureClass>> = Object.freeze({
  connect: { endpointFault: true, gatewayStatus: 502 },
  timeout: { endpointFault: true, gatewayStatus: 504 },
  http_5xx: { endpointFault: true, gatewayStatus: 502 },
  http_429: { endpointFault: false, gatewayStatus: 429 },
  http_4xx: { endpointFault: false, gatewayStatus: null },
  stream_cut: { endpointFault: true, gatewayStatus: 502 },
  stream_stall: { endpointFault: true, gatewayStatus: 504 },
  malformed: { endpointFault: true, gatewayStatus: 502 },
  // An upstream that broke a size limit (transport/limits.ts): it misbehaved like a cut stream.
  response_too_large: { endpointFault: true, gatewayStatus: 502 },
  deadline: { endpointFault: false, gatewayStatus: 504 },
  budget: { endpointFault: false, gatewayStatus: 503 },
  no_endpoint: { endpointFault: false, gatewayStatus: 503 },
});
