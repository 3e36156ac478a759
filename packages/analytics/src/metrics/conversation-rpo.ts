import { CONVERSATION_LOST_CODE } from "@faultline/contracts";
import { ms } from "../round.js";
import type { TurnRow } from "./cold-cache.js";

/** One conversation whose history a server lost: how many answered turns went with it, and how much time. */
export interface LostHistory {
  session: string;
  /** Turns answered before the break, none of which the conversation can go on from. */
  turns: number;
  /** From the start of its first turn (the last point it could go on from: the server kept nothing) to the break. */
  ms: number;
  /** When the turn that found it gone ended. */
  atMs: number;
}

/** The conversation RPO of a pass (docs/analytics.md, "Conversations"). */
export interface ConversationRpo {
  /** Each conversation that ended because the server no longer held it. */
  lostHistories: LostHistory[];
  /** The most answered turns one failover took from a conversation; 0 when none lost its history. */
  rpoTurns: number;
  /** The most conversation time one failover took; 0 when none lost its history. */
  rpoMs: number;
}

/**
 * What failovers took from conversations. A conversation's history is lost when its last turn was refused with
 * previous_response_not_found: a Responses API conversation whose stored answers were on a node that died (or that
 * was sent where they never were), with no transcript to replay. Everything it had is gone, so the turns lost are its
 * answered turns and the time lost runs from its first turn to the break. A conversation over chat completions
 * carries its own history in every request: a break there loses the turn, not the conversation (RPO 0), as does
 * one whose turns a transcript store replayed.
 */
export function conversationRpo(bySession: ReadonlyMap<string, readonly TurnRow[]>): ConversationRpo {
  const lostHistories: LostHistory[] = [];
  for (const [session, list] of bySession) {
    const last = list[list.length - 1]!;
    if (last.ok === 1 || !last.error?.includes(CONVERSATION_LOST_CODE)) continue;
    const answered = new Set(list.filter((r) => r.ok === 1).map((r) => r.turn)).size;
    lostHistories.push({ session, turns: answered, ms: ms(last.endMs - list[0]!.startMs), atMs: ms(last.endMs) });
  }
  lostHistories.sort((a, b) => a.atMs - b.atMs);
  return {
    lostHistories,
    rpoTurns: Math.max(0, ...lostHistories.map((l) => l.turns)),
    rpoMs: Math.max(0, ...lostHistories.map((l) => l.ms)),
  };
}
