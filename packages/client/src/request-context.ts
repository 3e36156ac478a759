import type { Attempt } from "./attempt.js";
import type { Endpoint } from "./endpoint.js";
import type { QueueOutcome } from "@faultline/contracts";
import type { StreamIdentity } from "./transport/coherent-stream.js";
import type { CacheHit } from "./tiers/answer-cache.js";
import type { ChatOptions, TierNote } from "./types.js";

/** A request's stay in the retry queue: when it entered, how long it has waited, and how it left (null: still in). */
export interface QueueStay {
  enteredAt: number;
  waitedMs: number;
  outcome: QueueOutcome | null;
}

/**
 * Everything one chat() call carries through the policy stack.
 *
 * A class on purpose: the context used to be an object literal with a getter
 * and a method, and every such literal gets its own hidden class (its accessor
 * closures live in the map's descriptors). Hidden classes are allocated in old
 * space, so each finished request left an old object pointing at its young
 * closures, and every scavenge copied those requests (about 1 MB per scavenge,
 * the 7-9 ms GC pauses that made sends late in the e2e capacity benchmark).
 */
export class RequestContext {
  readonly stream: boolean;
  /** True once the caller gave up or the deadline passed. */
  aborted = false;
  /** Attempts per endpoint so far. */
  readonly tried = new Map<Endpoint, number>();
  attempts = 0;
  /** After context_length_exceeded: only endpoints with a larger window may be tried. */
  minContextTokens = 0;
  /** Text already forwarded to the caller (streams); a resume continues from it. */
  sentText = "";
  /** Content frames (tokens) already forwarded to the caller; a resume asks for that many fewer. */
  sentTokens = 0;
  /** Which attempt owns the caller's stream, once the first token went out. */
  owner: Attempt | null = null;
  /** The caller's stream as one answer (id, model, summed usage), once the first token went out. */
  identity: StreamIdentity | null = null;
  firstByteAt: number | null = null;
  wastedTokens = 0;
  /** The caller gave up (its signal aborted): no lower tier answers it. */
  callerGone = false;
  /** Set when the answer came from the answer cache (the minimal tier). */
  servedFrom: CacheHit | null = null;
  /** Set once the request entered the retry queue (the emergency tier). */
  queue: QueueStay | null = null;
  /** Headers the caller asked to send upstream on every attempt (ChatOptions.headers), or null. */
  headers: Readonly<Record<string, string>> | null = null;
  /** The session-affinity key of the request (routing/affinity.ts), or null. */
  affinityKey: string | null = null;
  /** Attempts in flight, cancelled together by abort(). */
  readonly live = new Set<Attempt>();
  /** Which API the body is for: chat completions, or OpenAI's Responses API (ChatOptions.api). */
  api: "chat" | "responses" = "chat";
  /** The only endpoint every attempt may go to (ChatOptions.endpoint: the owner of a stored conversation), or null. */
  onlyEndpoint: string | null = null;
  /**
   * Called once the frames given to onChunk so far should go out together (ChatOptions.onFlush): after the frames of
   * each upstream read, and after any frames the client makes itself.
   */
  onFlush: (() => void) | undefined = undefined;
  /** Token frames passed on as the upstream's bytes (ChatOptions.onTokenBytes); onChunk gets them when unset. */
  onTokenBytes: ChatOptions["onTokenBytes"] = undefined;
  /** Serialised body per upstream model, so a retry does not stringify again. */
  readonly payloads = new Map<string, string>();
  // Only backoff and budget waits need a request-level signal: created on first use.
  private controller: AbortController | null = null;

  constructor(
    readonly body: Record<string, unknown>,
    public deadlineAt: number,
    readonly onChunk: ((line: string, endpoint: string, attempts: number, note?: TierNote) => void) | undefined,
    /** The residency every attempt must stay in (ChatOptions.residency), or null for anywhere. */
    readonly residency: string | null = null,
    /** The caller's request id, for the routing ledger; null when none was given. */
    readonly requestId: string | null = null,
    /** The lowest tier every attempt must be served at (ChatOptions.minTier), or null for any. */
    readonly minTier: string | null = null
  ) {
    this.stream = body.stream === true;
  }

  /** Aborted when the caller gives up or the deadline passes; created on first use (the fast path never needs it). */
  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.aborted) this.controller.abort();
    return this.controller.signal;
  }

  /** Ends the request: marks it aborted and cancels every live attempt. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const a of this.live) a.controller.abort();
    this.controller?.abort();
  }
}
