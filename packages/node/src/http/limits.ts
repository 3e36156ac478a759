/** What a node or proxy bounds on its callers' side; docs/LIMITS.md lists each with what a caller sees. */
export const NODE_LIMITS = Object.freeze({
  /** Request bodies above this get 413 (the admin-security rule, applied to every route). */
  bodyLimitBytes: 1024 * 1024,
  /**
   * Bytes of large chat request bodies (over 16 KiB) held at once; past it a body gets 503 with Retry-After.
   * 128 bodies of the largest size: far above what a node's batch and queue take at once.
   */
  bodyBytesInFlight: 128 * 1024 * 1024,
  /**
   * Open connections; further ones are closed at once, before they use up descriptors (24,000 idle ones did, issue 24).
   */
  maxConnections: 8192,
  /** The longest x-request-id echoed back; a longer or unsafe one is replaced by the node's own. */
  requestIdMaxLength: 128,
});
