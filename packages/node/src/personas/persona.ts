import type { OpenAIErrorBody } from "@faultline/core";

/**
 * One error the node is about to send, in the node's own (OpenAI) form: what every fault kind and the simulator
 * produce. A persona translates it into what its provider sends for the same situation.
 */
export interface NodeError {
  readonly status: number;
  readonly body: OpenAIErrorBody;
  /** Headers the fault chose in OpenAI's form (retry-after, retry-after-ms, x-ratelimit-*). */
  readonly headers?: Readonly<Record<string, string>>;
  /** For a quota error: when the quota comes back (a daily quota's reset), if the fault says. */
  readonly resetAfterMs?: number;
}

/** An error response as a provider sends it. */
export interface ErrorReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON text of the body. */
  readonly body: string;
}

/** The provider situations a node error stands for; each persona renders each one its provider's way. */
export type Problem =
  "rate_limit" | "quota" | "overloaded" | "not_ready" | "server" | "timeout" | "context_length" | "invalid";

/** How a provider counts its per-minute limits, for a `rate-limit` fault that enforces them. */
export interface RateLimitRules {
  /** The windows a per-minute limit is enforced over, each getting its share of the limit (Azure: 1 s and 10 s). */
  readonly windowsMs: readonly number[];
  /** The tokens a request is charged when it arrives, before any is generated. */
  tokenCost(promptTokens: number, maxTokens: number): number;
}

/** A per-minute window charging the prompt plus max_tokens: what a provider that documents nothing finer is given. */
export const PER_MINUTE: RateLimitRules = Object.freeze({
  windowsMs: Object.freeze([60_000]),
  tokenCost: (prompt: number, maxTokens: number) => prompt + maxTokens,
});

/** A provider persona: how one provider's errors look on the wire. */
export interface Persona {
  /** Stable name used by `persona:` in scenarios and NodeOptions. */
  readonly name: string;
  /** One line for docs and errors. */
  readonly description: string;
  /** Where the byte shapes come from (public docs and SDK sources). */
  readonly sources: readonly string[];
  /** The error response this provider sends for `e`. */
  reply(e: NodeError): ErrorReply;
  /** The SSE frame this provider sends when `e` happens after a 200 stream has begun. */
  streamError(e: NodeError): string;
  /** How the provider counts requests and tokens against a limit. */
  readonly limits: RateLimitRules;
  /** Headers this provider puts on every answer, success or not (Anthropic's request-id). */
  responseHeaders?(): Record<string, string>;
}

/** Which provider situation a node error stands for, read from its status and OpenAI code. */
export function problemOf(e: NodeError): Problem {
  const code = e.body.error.code;
  if (code === "insufficient_quota") return "quota";
  if (e.status === 429) return "rate_limit";
  if (code === "model_not_ready") return "not_ready";
  if (code === "context_length_exceeded") return "context_length";
  if (e.status === 503) return "overloaded";
  if (e.status === 408 || e.status === 504) return "timeout";
  if (e.status >= 500) return "server";
  return "invalid";
}

/** The wait a fault asked for, in ms (retry-after-ms first, then Retry-After seconds), or null. */
export function retryMsOf(e: NodeError): number | null {
  const h = e.headers ?? {};
  const ms = Number(h["retry-after-ms"]);
  if (h["retry-after-ms"] !== undefined && Number.isFinite(ms)) return ms;
  const s = Number(h["retry-after"]);
  return h["retry-after"] !== undefined && Number.isFinite(s) ? s * 1000 : null;
}

/** The request limit a rate-limit fault advertised (x-ratelimit-limit-requests), or `fallback`. */
export function limitOf(e: NodeError, fallback: number): number {
  const n = Number(e.headers?.["x-ratelimit-limit-requests"]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Whole seconds, rounded up, as Retry-After carries them. */
export function wholeSeconds(ms: number): string {
  return String(Math.ceil(ms / 1000));
}

/** A JSON reply with the given status and extra headers. */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): ErrorReply {
  return { status, headers, body: JSON.stringify(body) };
}

/** An SSE frame, with an `event:` line when the provider names its events. */
export function sseFrame(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
}
