/** One attempt a node saw (a node_attempts row). */
export interface AttemptRow {
  readonly node: string;
  readonly arrivedMs: number;
  readonly firstByteMs: number | null;
  readonly endMs: number;
  /** HTTP status the node sent; 0 when the connection closed before any. */
  readonly status: number;
  /** complete | cut | reset */
  readonly outcome: string;
  readonly completionTokens: number;
  readonly textHash: number | null;
  readonly textChars: number | null;
}

/** How the text the caller got compares with what the nodes sent (null: not digested, e.g. faultline's own client). */
export type TextMatch = "match" | "splice" | "mismatch" | null;

/** One caller request (a requests row) with every attempt the nodes saw for it, in arrival order. */
export interface RequestTrace {
  readonly requestId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly ok: boolean;
  /** The status the caller got; null when no answer started. */
  readonly status: number | null;
  readonly errorClass: string | null;
  readonly error: string | null;
  readonly stream: boolean;
  /** The completion tokens the caller was told about (usage), for an answer judged whole. */
  readonly completionTokens: number;
  readonly attempts: readonly AttemptRow[];
  readonly text: TextMatch;
}

/** One injected fault (an attacks row). */
export interface AttackRow {
  readonly attackId: string;
  readonly target: string;
  readonly fault: string;
  /** When the timeline said to inject it. */
  readonly plannedMs: number;
  /** When the injection was acknowledged; null when it failed. */
  readonly startMs: number | null;
  /** Planned end of the fault window (null: to the end of the pass). */
  readonly endMs: number | null;
  /** When the revert was acknowledged; null when it was not (or the fault ran to the end). */
  readonly revertedMs: number | null;
}

/** Everything a case's grade reads: one pass of events.db, as rows. */
export interface CaseEvidence {
  readonly requests: readonly RequestTrace[];
  readonly attacks: readonly AttackRow[];
  /** The per-request deadline the load generator gave the system. */
  readonly deadlineMs: number;
  readonly passEndMs: number;
  /**
   * False when no node logged an attempt (external nodes keep no log that reaches the run): the
   * verdict then rests on what the caller got, and rules about upstream attempts find nothing.
   */
  readonly nodeLog: boolean;
}
