import { FAILURE_CLASSES, type FailureClass } from "@faultline/contracts";
import type { BaseHeaders } from "@faultline/core";
import type { ServerResponse } from "node:http";
import type { ChatOutcome } from "../types.js";

/** The content type of every JSON answer the gateway writes. */
export const JSON_HEADERS = Object.freeze({ "content-type": "application/json; charset=utf-8" });

/** The HTTP status a failed outcome is answered with: a provider's own 4xx as is, else by failure class. */
function errorStatus(out: ChatOutcome): number {
  return out.errorClass === "http_4xx" && out.status
    ? out.status
    : ((out.errorClass ? FAILURE_CLASSES[out.errorClass as FailureClass]?.gatewayStatus : null) ?? 502);
}

/**
 * A failed outcome as a JSON answer; a provider's own 4xx (content policy, bad request) passes through with its reason.
 */
export function writeError(
  res: ServerResponse,
  out: ChatOutcome,
  base: BaseHeaders,
  extra: Record<string, string> = {}
): void {
  res.writeHead(errorStatus(out), {
    ...base,
    ...JSON_HEADERS,
    ...extra,
    // A maintenance answer says when to come back, in whole seconds as RFC 9110 has it.
    ...(out.retryAfterMs !== undefined ? { "retry-after": String(Math.ceil(out.retryAfterMs / 1000)) } : {}),
    "x-faultline-attempts": String(out.attempts),
    ...(out.servedBy ? { "x-faultline-endpoint": out.servedBy } : {}),
  });
  res.end(
    out.errorClass === "http_4xx" && out.bodyText
      ? out.bodyText
      : JSON.stringify({ error: { message: out.error, type: out.errorClass, param: null, code: out.errorClass } })
  );
}

/** No chain serves the model: OpenAI's own answer for an unknown model, naming the models served. */
export function writeUnknownModel(
  res: ServerResponse,
  model: unknown,
  served: readonly string[],
  base: BaseHeaders
): void {
  res.writeHead(404, { ...base, ...JSON_HEADERS });
  res.end(
    JSON.stringify({
      error: {
        message: `The model ${JSON.stringify(model)} is not served by this gateway; it serves ${served.join(", ")}`,
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      },
    })
  );
}
