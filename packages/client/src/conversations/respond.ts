import type { Emit } from "../endpoint.js";
import type { ChatOptions, ChatOutcome } from "../types.js";
import { answerItem, inputItems } from "./conversation-items.js";
import type { TranscriptStore } from "./transcript-store.js";

/** What one Responses turn needs from the client. */
export interface RespondDeps {
  chat(body: Record<string, unknown>, opts: ChatOptions): Promise<ChatOutcome>;
  /** null: no conversation backup (turns are routed like any request). */
  store: TranscriptStore | null;
  emit: Emit;
}

/** A streamed turn is refused here, with OpenAI's 400 shape: the backup reads whole answers only (for now). */
function streamRefused(): ChatOutcome {
  const bodyText = JSON.stringify({
    error: {
      message:
        "stream: faultline's conversation backup serves Responses API turns without streaming; send stream: false",
      type: "invalid_request_error",
      param: "stream",
      code: "unsupported_value",
    },
  });
  return {
    ok: false,
    status: 400,
    servedBy: null,
    attempts: 0,
    error: "stream: not served on /v1/responses",
    errorClass: "http_4xx",
    firstByteAt: null,
    promptTokens: 0,
    completionTokens: 0,
    wastedTokens: 0,
    bodyText,
  };
}

/**
 * Whether a failed turn on the owner means its conversation is gone from there: the owner answered that it does not
 * know the id (OpenAI's previous_response_not_found, as a 404 or a 400), or it could not answer at all (down,
 * unreachable, overloaded, no time to first byte). The caller's own mistakes and its deadline are not.
 */
function ownerLost(out: ChatOutcome): boolean {
  if (out.errorClass === "http_4xx") return (out.bodyText ?? "").includes("previous_response_not_found");
  return out.errorClass !== "deadline" && out.errorClass !== "cancelled";
}

/**
 * One turn of OpenAI's Responses API with conversation backup. A turn naming a `previous_response_id` the store
 * knows goes to the endpoint that owns it. When that endpoint is lost, the whole transcript goes to whichever endpoint
 * the strategy picks, as one request with no previous_response_id; the new answer is stored as the next link of the
 * caller's chain (its previous_response_id is the caller's), and the caller's conversation goes on. Every answered
 * turn is stored with its owner. Without a store, or for an id the store does not know, the turn is routed as it is.
 */
export async function respond(
  deps: RespondDeps,
  body: Record<string, unknown>,
  opts: ChatOptions = {}
): Promise<ChatOutcome> {
  if (body.stream === true) return streamRefused();
  const send: ChatOptions = { ...opts, api: "responses" };
  const { store } = deps;
  const previous = typeof body.previous_response_id === "string" ? body.previous_response_id : null;
  const transcript = store !== null && previous !== null ? store.get(previous) : undefined;
  const keep = store !== null && body.store !== false;
  if (transcript === undefined) {
    const out = await deps.chat(body, send);
    // A first turn starts a transcript; a later turn the store never saw cannot (its history is not here).
    if (keep && out.ok && previous === null) remember(store, out, [...inputItems(body.input)]);
    return out;
  }
  const history = [...transcript.messages, ...inputItems(body.input)];
  const owned = await deps.chat(body, { ...send, endpoint: transcript.owner });
  if (owned.ok || !ownerLost(owned)) {
    if (keep && owned.ok) remember(store, owned, history);
    return owned;
  }
  const replay: Record<string, unknown> = { ...body, input: history };
  delete replay.previous_response_id;
  const out = await deps.chat(replay, send);
  deps.emit("conversation_replayed", {
    endpoint: out.servedBy,
    from: transcript.owner,
    to: out.servedBy,
    reason: `${owned.errorClass}: ${owned.error}`,
    detail: { previousResponseId: previous, messages: history.length, ok: out.ok },
  });
  out.attempts += owned.attempts;
  if (out.ok) {
    // The caller's chain goes on: the answer names the caller's previous response, not the replay's lack of one.
    const answer = out.body as Record<string, unknown>;
    answer.previous_response_id = previous;
    out.bodyText = JSON.stringify(answer);
    if (keep) remember(store, out, history);
  }
  return out;
}

/** Stores an answered turn's transcript under its response id, owned by the endpoint that served it. */
function remember(store: TranscriptStore, out: ChatOutcome, history: unknown[]): void {
  const id = (out.body as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string" || out.servedBy === null) return;
  store.put(id, { owner: out.servedBy, messages: [...history, answerItem(out.body)] });
}
