/** What the proxy bounds on its upstream's side; docs/LIMITS.md lists each with what a caller sees. */
export const PROXY_LIMITS = Object.freeze({
  /**
   * An upstream answer larger than this is cut (502 before its headers were
   * forwarded, a dropped connection after): the gateway's limit, for the same
   * reason, so a proxy in front of a real server bounds what it relays too.
   */
  maxResponseBytes: 32 * 1024 * 1024,
  /**
   * One SSE frame held while stream faults are applied; past it the stream is cut (an upstream that lost its framing).
   */
  maxSseFrameBytes: 1024 * 1024,
});
