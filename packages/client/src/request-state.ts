import type { Attempt, RequestContext } from "./context.js";
import type { Endpoint } from "./endpoint.js";

/**
 * The state of one chat() call as it moves through the policy stack.
 *
 * A class on purpose: the context used to be an object literal with a getter
 * and a method, and every such literal gets its own hidden class (its accessor
 * closures live in the map's descriptors). Hidden classes are allocated in old
 * space, so each finished request left an old object pointing at its young
 * closures, and every scavenge copied those requests (about 1 MB per scavenge,
 * the 7-9 ms GC pauses that made sends late in the e2e capacity benchmark).
 */
export class RequestState implements RequestContext {
  readonly stream: boolean;
  aborted = false;
  readonly tried = new Map<Endpoint, number>();
  attempts = 0;
  minContextTokens = 0;
  sentText = "";
  sentTokens = 0;
  owner: Attempt | null = null;
  firstByteAt: number | null = null;
  wastedTokens = 0;
  readonly live = new Set<Attempt>();
  readonly payloads = new Map<string, string>();
  requestId: string | undefined = undefined;
  // Only backoff and budget waits need a request-level signal: created on first use.
  private controller: AbortController | null = null;

  constructor(
    readonly body: Record<string, unknown>,
    public deadlineAt: number,
    readonly onChunk: RequestContext["onChunk"]
  ) {
    this.stream = body.stream === true;
  }

  /** Aborted when the caller gives up or the deadline passes. */
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
