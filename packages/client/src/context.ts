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
  /** Only an endpoint this request has not tried yet will do (hedges). */
  mustBeNew?: boolean;
}

/** Everything one chat() call carries through the policy stack. */
export interface RequestContext {
  readonly body: Record<string, unknown>;
  readonly stream: boolean;
  deadlineAt: number;
  /** True once the caller gave up or the deadline passed. */
  aborted: boolean;
  /** Aborted when the caller gives up or the deadline passes; created on first use (the fast path never needs it). */
  readonly signal: AbortSignal;
  /** Ends the request: marks it aborted and cancels every live attempt. */
  abort(): void;
  readonly tried: Map<Endpoint, number>;
  attempts: number;
  /** After context_length_exceeded: only endpoints with a larger window may be tried. */
  minContextTokens: number;
  /** Text already forwarded to the caller (streams); a resume continues from it. */
  sentText: string;
  /** Content frames (tokens) already forwarded to the caller; a resume asks for that many fewer. */
  sentTokens: number;
  /** Which attempt owns the caller's stream, once the first token went out. */
  owner: Attempt | null;
  readonly onChunk: ((line: string, endpoint: string, attempts: number) => void) | undefined;
  firstByteAt: number | null;
  wastedTokens: number;
  readonly live: Set<Attempt>;
  /** Serialised body per upstream model, so a retry does not stringify again. */
  readonly payloads: Map<string, string>;
  /** Sent upstream as x-request-id on every attempt; undefined sends the endpoint's headers as they are. */
  requestId: string | undefined;
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
