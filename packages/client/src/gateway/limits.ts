/** What a gateway bounds on its callers' side; docs/LIMITS.md lists each with what a caller sees. */
export interface GatewayLimits {
  /** A request body above this gets 413, judged on Content-Length first, a chunked body cut off when it passes. */
  readonly bodyLimitBytes: number;
  /**
   * Bytes of large request bodies (over 16 KiB) held at once across requests; past it a body gets 503 with Retry-After.
   */
  readonly bodyBytesInFlight: number;
  /** Open connections; further ones are closed at once. */
  readonly maxConnections: number;
  /**
   * Bytes written to a streaming caller and not yet taken by it; past it the request ends and the upstream is
   * cancelled.
   */
  readonly callerBacklogBytes: number;
  /**
   * Advertised in Keep-Alive: undici (and most HTTP clients) close an idle connection before it, so callers close
   * first.
   */
  readonly keepAliveTimeoutMs: number;
  /** A caller's x-request-id longer than this (or with characters core's safeRequestId refuses) is replaced. */
  readonly requestIdMaxLength: number;
}

/** The defaults; each line says why. */
export const GATEWAY_LIMITS: GatewayLimits = Object.freeze({
  // Long prompts (many-shot, long context) are far above a node's 1 MiB: the gateway only forwards them.
  bodyLimitBytes: 32 * 1024 * 1024,
  // Eight bodies of the largest size: 100 parallel 30 MB posts once took the gateway to 4.8 GB (issue 24).
  bodyBytesInFlight: 256 * 1024 * 1024,
  // Well under a default descriptor limit of 65,536, so upstream connections and files still open.
  maxConnections: 8192,
  // A caller reading slower than the upstream writes is given 1 MiB of slack (thousands of tokens);
  // twenty callers that stopped reading once took a node to 1.5 GB.
  callerBacklogBytes: 1024 * 1024,
  keepAliveTimeoutMs: 30_000,
  // The node's bound (NODE_LIMITS.requestIdMaxLength): an id the gateway passes on, the node echoes.
  requestIdMaxLength: 128,
});
