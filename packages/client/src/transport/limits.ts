/** The failure class of an upstream that broke a size limit (docs/LIMITS.md). */
export const TOO_LARGE = "response_too_large";

/**
 * Thrown inside a transport when an upstream answer passes one of the
 * client's size limits. The attempt fails with class `response_too_large`:
 * the endpoint misbehaved, so it is failed over and counted by the breaker.
 */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly limit: "maxResponseBytes" | "maxSseLineBytes",
    readonly bytes: number
  ) {
    super(`upstream answer passed ${limit} (${bytes} bytes)`);
    this.name = "ResponseTooLargeError";
  }
}

/**
 * How much of an error answer's body is kept: only its message and a
 * content-policy or context-length marker are read, and an upstream answering
 * a 500 with a gigabyte must not hold a gigabyte here.
 */
export const ERROR_BODY_MAX_BYTES = 64 * 1024;
