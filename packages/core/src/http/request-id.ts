/**
 * Characters an x-request-id may carry to be echoed: what request ids are made
 * of (UUIDs, ULIDs, trace ids, `name-counter`). Ids are pasted into headers and
 * JSON without escaping on hot paths, so a `"` or `\` must never get through
 * (issue 24). The node and the gateway judge ids by the same rule.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]+$/;

/** The caller's x-request-id when it is safe to echo and at most `maxLength` long, else undefined. */
export function safeRequestId(header: string | string[] | undefined, maxLength: number): string | undefined {
  return typeof header === "string" && header.length <= maxLength && SAFE_REQUEST_ID.test(header) ? header : undefined;
}
