import { CONVERSATION_LOST_CODE, SESSION_HEADER, TURN_HEADER, type SessionApi, type Tier } from "@faultline/contracts";
import type { ChatOutcome } from "@faultline/client";
import type { TextDigest } from "@faultline/core";

/** An outcome, with the digest of the text received when the load generator judged the answer itself. */
export type JudgedOutcome = ChatOutcome & { text?: TextDigest };

/** Options of one request the load generator sends. */
export interface SendOptions {
  /** The request's end-to-end deadline. */
  deadlineMs: number;
  /** Unique per request; also in the body's `user` field, so nodes can tell which request an attempt belongs to. */
  requestId: string;
  /**
   * The jurisdiction tag the request must stay in: the client's `residency` option, a black box's
   * x-faultline-residency header.
   */
  residency: string | null;
  /** The lowest tier the request accepts: the client's `minTier` option, a black box's x-faultline-min-tier header. */
  minTier: Tier | null;
  /** The conversation turn it is: sent as x-faultline-session and x-faultline-turn; null for a single request. */
  session: { readonly id: string; readonly turn: number } | null;
  /**
   * The API the body is for: chat completions, or OpenAI's Responses API (a conversation's `session.api: responses`
   * turns), sent to the system's /responses (faultline's client: respond(), with its conversation backup if set).
   */
  api: SessionApi;
  /**
   * This request's own, aborted if it is still in flight when the pass's drain window runs out: it is cut wherever it
   * is (a stalled stream would otherwise hold the pass open until its own deadline).
   */
  cut?: AbortSignal;
}

/** The request's own deadline, joined with the pass's cut when it has one. */
export function sendSignal(o: SendOptions): AbortSignal {
  const deadline = AbortSignal.timeout(o.deadlineMs);
  return o.cut ? AbortSignal.any([deadline, o.cut]) : deadline;
}

/** The headers that carry a conversation turn (empty for a single request). */
export function sessionHeaders(o: SendOptions): Record<string, string> {
  return o.session === null ? {} : { [SESSION_HEADER]: o.session.id, [TURN_HEADER]: String(o.session.turn) };
}

/**
 * A turn refused because the server no longer holds its conversation (OpenAI's previous_response_not_found, in the
 * body) says so in its error, whatever message the system chose: the analytics count the history lost by that word.
 */
export function namedLoss(o: JudgedOutcome): JudgedOutcome {
  if (!o.ok && o.bodyText?.includes(CONVERSATION_LOST_CODE) && !o.error?.includes(CONVERSATION_LOST_CODE))
    o.error = `${CONVERSATION_LOST_CODE}: ${o.error ?? "the conversation is gone"}`;
  return o;
}

/**
 * What the load generator sends through: faultline's own failover client, or
 * a black-box system under test (a gateway, an endpoint, the openai SDK).
 */
export interface LoadTarget {
  /** Sends one chat completion (or Responses API turn, by options.api); never rejects for an upstream failure. */
  chat(body: Record<string, unknown>, options: SendOptions): Promise<JudgedOutcome>;
  /**
   * Endpoint states for the live panel, as the client sees them; empty for a black box. `healthy` is null when the
   * client runs no health checks (the `none` preset), `breaker` is "off" when it has no breaker: a client that never
   * looks must not show a dead node as up.
   */
  endpointStates(): Array<{ name: string; healthy: boolean | null; breaker: string }>;
  close(): Promise<void>;
}
