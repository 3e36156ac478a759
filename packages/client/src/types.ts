import type {
  EndpointTier,
  FailureClass,
  QueueOutcome,
  RoutingDecision,
  RoutingEventKind,
  Tier,
} from "@faultline/contracts";
import type { RequestTracer } from "./tracing/request-tracer.js";
import type { Clock } from "@faultline/core";
import type { ConnectionHandOff } from "./connection-hand-off.js";
import type { TranscriptStore } from "./conversations/transcript-store.js";

/** One upstream OpenAI-compatible endpoint. */
export interface EndpointConfig {
  /** Name used in events, headers and metrics. */
  name: string;
  /** Base URL including the /v1 path, e.g. http://127.0.0.1:8001/v1. */
  url: string;
  /** Model name sent to this endpoint; defaults to the model in the request body. */
  model?: string;
  /** Name of the environment variable that holds this endpoint's API key. */
  apiKeyEnv?: string;
  /** Context window, for context-length routing. */
  maxContextTokens?: number;
  /** Whether the endpoint continues a trailing assistant message (needed to resume a cut stream). */
  supportsPrefill?: boolean;
  /**
   * Where the endpoint runs, as residency tags (`eu`, or `[eu, de]`); a request with a residency goes only where a
   * tag matches.
   */
  jurisdiction?: string | string[];
  /** Degradation tier of the endpoint's answers (full or degraded); the gateway names it in x-faultline-tier. */
  tier?: EndpointTier;
  /**
   * The most tokens an answer from this endpoint may have: a larger (or absent) max_tokens is lowered to it (a degraded
   * endpoint's shorter answers).
   */
  maxTokens?: number;
}

/** A strategy preset, its endpoints in priority order, and option overrides. */
export interface FailoverClientConfig {
  /** none | manual | active-passive | active-active | circuit-breaker | hedged */
  strategy: string;
  endpoints: EndpointConfig[];
  /** Overrides of the preset's options; validated, unknown keys rejected. */
  options?: Record<string, unknown>;
}

/** One model's own chain of endpoints in a gateway (a model group, like an entry of LiteLLM's model_list). */
export interface ModelGroupConfig {
  /** Defaults to the gateway's strategy. */
  strategy?: string;
  endpoints: EndpointConfig[];
  /** Merged over the gateway's options. */
  options?: Record<string, unknown>;
}

/**
 * A gateway: one chain for every model (`endpoints`), a chain per model name
 * (`models`), or both (`endpoints` then serves the models `models` does not name).
 */
export interface GatewayConfig {
  strategy: string;
  endpoints?: EndpointConfig[];
  options?: Record<string, unknown>;
  models?: Record<string, ModelGroupConfig>;
}

/** One routing decision, with its reason; the runner stores these in events.db. */
export interface RoutingEvent {
  /** clock.now() */
  t: number;
  /** One of ROUTING_EVENT_KINDS (@faultline/contracts). */
  kind: RoutingEventKind;
  endpoint: string | null;
  from: string | null;
  to: string | null;
  reason: string | null;
  detail?: Record<string, unknown>;
}

/** What the caller of chat() got. */
export interface ChatOutcome {
  ok: boolean;
  status: number | null;
  servedBy: string | null;
  attempts: number;
  error: string | null;
  /** One of FAILURE_CLASSES (@faultline/contracts), or null on success. */
  errorClass: FailureClass | null;
  /** Clock time of the first byte (first token for streams). */
  firstByteAt: number | null;
  promptTokens: number;
  completionTokens: number;
  /** Tokens produced by attempts whose answer was thrown away (hedge losers, cut streams). */
  wastedTokens: number;
  /** The parsed response (non-streaming) or the upstream error body. */
  body?: unknown;
  /** The response text as the upstream sent it, so a gateway need not re-serialise it. */
  bodyText?: string;
  /**
   * The tier the answer was served at: the serving endpoint's (full, degraded), `minimal` from the answer cache,
   * `emergency` for the maintenance answer; absent for other failures.
   */
  tier?: Tier;
  /** How old the cached answer was (minimal tier only). */
  cacheAgeMs?: number;
  /** The request's stay in the retry queue, when it had one. */
  queue?: { waitedMs: number; outcome: QueueOutcome };
  /** The Retry-After of a maintenance answer. */
  retryAfterMs?: number;
}

/** How a streamed answer below the endpoints' own tiers is marked: the answer cache, or the maintenance message. */
export interface TierNote {
  tier: "minimal" | "emergency";
  /** Age of the cached answer (minimal). */
  cacheAgeMs?: number;
  /** The endpoint that produced the cached answer (minimal). */
  from?: string;
}

/** The text around the content of a stream's token frames, alike frame after frame (ChatOptions.onTokenBytes). */
export interface TokenFrameShape {
  /** Up to the content string's opening quote. */
  readonly before: string;
  /** From the content string's closing quote. */
  readonly after: string;
}

/** Options of one chat() call. */
export interface ChatOptions {
  signal?: AbortSignal;
  /** End-to-end deadline for this request, covering every retry and fallback. */
  deadlineMs?: number;
  /**
   * Receives each SSE data payload (without the `data: ` prefix) that the caller should see, with the endpoint that
   * produced it and the attempts so far.
   */
  onChunk?: (sseDataLine: string, endpoint: string, attempts: number, note?: TierNote) => void;
  /**
   * Called when the payloads given to onChunk so far should go out: after the frames of each upstream read (one read
   * often holds many frames), and after frames the client makes itself (a cached answer, the maintenance message, the
   * error frame that ends a broken stream). Every payload is followed by a call before chat() settles. A caller that
   * buffers onChunk's payloads writes them here, once per read instead of once per frame (the gateway does).
   */
  onFlush?: () => void;
  /**
   * Receives, in onChunk's place, the token frames the stream reader takes from the upstream's bytes without decoding
   * them: those of a stream it reads as the upstream sent it, written like the last token frame it parsed but for
   * their plain ASCII content. The frame's payload is `shape.before`, then `bytes[contentStart, payloadEnd)`, which
   * ends with `shape.after`. A caller that writes bytes (the gateway) passes the frame on without a string per frame.
   */
  onTokenBytes?: (
    shape: TokenFrameShape,
    bytes: Buffer,
    contentStart: number,
    payloadEnd: number,
    endpoint: string
  ) => void;
  /**
   * The body exactly as the caller sent it (a gateway has it), reused upstream when the model is unchanged so it is not
   * serialised again.
   */
  bodyText?: string;
  /**
   * The residency the request must stay in (`eu`): only endpoints whose jurisdiction has this tag are tried, on every
   * attempt, hedge and fallback. Nothing eligible fails closed with the `residency` class unless `allowFailOpen`.
   */
  residency?: string;
  /** The lowest tier the request accepts (`full`: never a degraded endpoint); any tier when absent. */
  minTier?: Tier;
  /**
   * The caller's id of the request: sent upstream as x-request-id on every attempt (so the request's lines can
   * be found in each endpoint's log) and written into each routing-ledger record.
   */
  requestId?: string;
  /** The API the body is for: chat completions (the default) or OpenAI's Responses API (`respond` sets it). */
  api?: "chat" | "responses";
  /**
   * The only endpoint the request may go to, by name: the owner of a stored conversation. When it is not available
   * the request ends at once with `no_endpoint`.
   */
  endpoint?: string;
  /**
   * Headers sent upstream on every attempt, such as a conversation's x-faultline-session and x-faultline-turn (the
   * node keys its per-session prefix cache on the first); the `affinity: header` option reads its key here.
   * Lower-case names.
   */
  headers?: Readonly<Record<string, string>>;
}

/** The failover client. */
export interface FailoverClient {
  /** Begins health checks. */
  start(): void;
  /** Sends one chat completion; never throws for upstream failures. */
  chat(body: Record<string, unknown>, opts?: ChatOptions): Promise<ChatOutcome>;
  /**
   * Sends one turn of OpenAI's Responses API (not streamed). With a conversation store (option `conversationStore`,
   * or `conversations` in the deps), a turn that names `previous_response_id` goes to the endpoint that owns it, and
   * when that endpoint is lost, its transcript goes whole to another (conversations/respond.ts).
   */
  respond(body: Record<string, unknown>, opts?: ChatOptions): Promise<ChatOutcome>;
  /** A JSON snapshot of endpoints, breakers, budget and counters. */
  status(): unknown;
  /**
   * Stops health checks and closes connection pools. With `keepConnectionsMs`
   * and a `connections` hand-off in its deps, the request pools stay open that
   * long for the next client given the same hand-off (the runner's warm-up
   * hands its connections to the pass); without a hand-off they close.
   */
  close(options?: { keepConnectionsMs?: number }): Promise<void>;
}

/** One settled attempt on one endpoint, as an attempt observer sees it. */
export interface AttemptRecord {
  endpoint: string;
  /** The endpoint's origin (scheme, host, port). */
  origin: string;
  /** 1-based attempt number within the request. */
  n: number;
  stream: boolean;
  ok: boolean;
  status: number | null;
  /** One of FAILURE_CLASSES (@faultline/contracts), or null on success. */
  errorClass: FailureClass | null;
  /** Cancelled by the client (hedge loser, caller gone): says nothing about the endpoint. */
  cancelled: boolean;
  /** Clock time the attempt was sent. */
  startedAt: number;
  durationMs: number;
  /** Time to the first byte (the first token for streams), or null when none came. */
  firstByteMs: number | null;
  promptTokens: number;
  completionTokens: number;
}

/** What createFailoverClient takes besides the config. */
export interface ClientDeps {
  clock?: Clock;
  onEvent?: (e: RoutingEvent) => void;
  /** Told of every attempt once it settles (metrics, traces); the transport is not wrapped when absent. */
  onAttempt?: (a: AttemptRecord) => void;
  /** Exports a span per request and per attempt (tracing/request-tracer.ts); off, and free, when absent. */
  tracer?: RequestTracer;
  /** Random source in [0,1), injectable for deterministic jitter in tests. */
  random?: () => number;
  /** Where the client takes open connections from, and parks its own on close({ keepConnectionsMs }). */
  connections?: ConnectionHandOff;
  /**
   * Receives one record per routing decision (every attempt, retry and hedge) for the routing ledger; off when absent,
   * and then the request path builds no record.
   */
  onDecision?: (d: RoutingDecision) => void;
  /**
   * The transcript store of conversation backup, shared by several clients (a gateway's model groups); the caller
   * owns it (closes it). Without it the client opens its own from the `conversationStore` option, if one is named.
   */
  conversations?: TranscriptStore;
}
