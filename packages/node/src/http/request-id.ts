import { NODE_LIMITS } from "./limits.js";

/**
 * Characters an x-request-id may carry to be echoed: what request ids are made
 * of (UUIDs, ULIDs, trace ids, `name-counter`). The id is pasted into JSON bodies
 * and headers without escaping on the hot path, so a `"` or `\` once made every
 * answer invalid JSON and let a crafted id inject fields (issue 24).
 */
const SAFE = /^[A-Za-z0-9._:@/+=-]+$/;

/** The caller's x-request-id when it is safe to echo into a body or a header, else undefined. */
export function safeRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === "string" && header.length <= NODE_LIMITS.requestIdMaxLength && SAFE.test(header)
    ? header
    : undefined;
}
