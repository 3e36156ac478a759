/** The OpenAI error body: `{"error":{"message","type","param","code"}}`. */
export interface OpenAIErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
  };
}

/** Builds an OpenAI error body. */
export function errorBody(
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null
): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

/**
 * The body a real OpenAI-compatible server sends for each status, so clients
 * map them to the same exception classes (openai-node: 400 BadRequestError,
 * 429 RateLimitError, ...).
 */
const STANDARD: Readonly<Record<number, OpenAIErrorBody>> = Object.freeze({
  400: errorBody("Invalid request.", "invalid_request_error", "invalid_request"),
  401: errorBody("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
  403: errorBody("You are not allowed to access this resource.", "invalid_request_error", "forbidden"),
  404: errorBody("The requested resource does not exist.", "invalid_request_error", "not_found"),
  408: errorBody("Request timed out.", "timeout_error", "timeout"),
  413: errorBody("Request body too large.", "invalid_request_error", "request_too_large"),
  429: errorBody("Rate limit reached for requests. Please try again later.", "rate_limit_error", "rate_limit_exceeded"),
  500: errorBody("The server had an error while processing your request.", "server_error", "internal_error"),
  502: errorBody("Bad gateway.", "server_error", "bad_gateway"),
  503: errorBody("The server is overloaded or not ready yet.", "server_error", "service_unavailable"),
  504: errorBody("Gateway timeout.", "server_error", "gateway_timeout"),
});

/** The standard body for a status (a generic one for statuses not in the table). */
export function standardErrorBody(status: number): OpenAIErrorBody {
  return (
    STANDARD[status] ??
    errorBody(`HTTP ${status}`, status >= 500 ? "server_error" : "invalid_request_error", `http_${status}`)
  );
}

/** Statuses the errors fault may inject: the ones with a real body above. */
export const INJECTABLE_STATUSES: readonly number[] = Object.freeze(Object.keys(STANDARD).map(Number));
