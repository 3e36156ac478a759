import type { FailureClass } from "@faultline/contracts";
import type { Endpoint } from "./endpoint.js";

/** How the retry policy should treat a failed attempt. */
export type Disposition = "done" | "retry" | "larger_context" | "final";

/** The result of one attempt on one endpoint. */
export interface AttemptResult {
  ok: boolean;
  status: number | null;
  endpoint: Endpoint | null;
  errorClass: FailureClass | null;
  error: string | null;
  disposition: Disposition;
  retryAfterMs: number | null;
  firstByteAt: number | null;
  body?: unknown;
  bodyText?: string;
  promptTokens: number;
  completionTokens: number;
  /** Something off in an answer that was still accepted (a stream without [DONE]); reported as stream_anomaly. */
  anomaly?: string;
  /** The attempt was cancelled by us (hedge loser, caller abort): says nothing about the endpoint. */
  cancelled?: boolean;
}

/** One attempt in flight: which endpoint, and how to cancel it. */
export interface Attempt {
  endpoint: Endpoint | null;
  /** 1-based attempt number within the request. */
  n: number;
  readonly controller: AbortController;
  /** This attempt is a retry or hedge and holds a retry-budget slot. */
  holdsBudget: boolean;
  /** Called once, when this attempt's stream delivers its first token and so owns the caller's answer. */
  onAnswering?: () => void;
  /** Only an endpoint this request has not tried yet will do (hedges). */
  mustBeNew?: boolean;
}

/** A result for a request that never reached an endpoint. */
export function localFailure(
  errorClass: FailureClass,
  error: string,
  endpoint: Endpoint | null = null,
  status: number | null = null
): AttemptResult {
  return {
    ok: false,
    status,
    endpoint,
    errorClass,
    error,
    disposition: "final",
    retryAfterMs: null,
    firstByteAt: null,
    promptTokens: 0,
    completionTokens: 0,
  };
}
