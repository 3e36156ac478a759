import type { Emit } from "../endpoint.js";
import type { ChatOptions, ChatOutcome } from "../types.js";
import { answerItem, inputItems } from "./conversation-items.js";
import type { TranscriptStore } from "./transcript-store.js";

/** How a replayed answer (sent without previous_response_id) names its lack of one, in a streamed event's response. */
const UNCHAINED = '"previous_response_id":null';

/** What one Responses turn needs from the client. */
export interface RespondDeps {
  chat(body: Record<string, unknown>, opts: ChatOptions): Promise<ChatOutcome>;
  /** null: no conversation backup (turns are routed like any request). */
  store: TranscriptStore | null;
  emit: Emit;
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
 * One turn of OpenAI's Responses API with conversation backup, whole or streamed. A turn naming a
 * `previous_response_id` the store knows goes to the endpoint that owns it. When that endpoint is lost (and, for a
 * stream, before it sent the caller anything), the whole transcript goes to whichever endpoint the strategy picks, as
 * one request with no previous_response_id; the new answer is stored as the next link of the caller's chain (its
 * previous_response_id is the caller's, in the body and in a stream's events), and the caller's conversation goes
 * on. Every answered turn is stored with its owner. Without a store, or for an id the store does not know, the turn
 * is routed as it is.
 */
export async function respond(
  deps: RespondDeps,
  body: Record<string, unknown>,
  opts: ChatOptions = {}
): Promise<ChatOutcome> {
  // A streamed turn whose owner already sent the caller part of an answer cannot be replayed: the caller holds it.
  let forwarded = false;
  const onChunk = opts.onChunk;
  const send: ChatOptions = {
    ...opts,
    api: "responses",
    ...(onChunk
      ? {
          onChunk: (line: string, e: string, n: number) => {
            forwarded = true;
            onChunk(line, e, n);
          },
        }
      : {}),
  };
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
  if (owned.ok || forwarded || !ownerLost(owned)) {
    if (keep && owned.ok) remember(store, owned, history);
    return owned;
  }
  const replay: Record<string, unknown> = { ...body, input: history };
  delete replay.previous_response_id;
  // The caller's chain goes on: the answer names the caller's previous response, not the replay's lack of one.
  const chained = `"previous_response_id":${JSON.stringify(previous)}`;
  const out = await deps.chat(replay, {
    ...send,
    ...(onChunk
      ? { onChunk: (line: string, e: string, n: number) => onChunk(line.replace(UNCHAINED, chained), e, n) }
      : {}),
  });
  deps.emit("conversation_replayed", {
    endpoint: out.servedBy,
    from: transcript.owner,
    to: out.servedBy,
    reason: `${owned.errorClass}: ${owned.error}`,
    detail: { previousResponseId: previous, messages: history.length, ok: out.ok },
  });
  out.attempts += owned.attempts;
  if (out.ok) {
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
