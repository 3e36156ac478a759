import { performance } from "node:perf_hooks";
import type { RateLimitRules } from "../personas/persona.js";

/** Why a request was refused, and when the window that refused it ends. */
export interface Refusal {
  readonly limit: "requests" | "tokens";
  readonly retryAfterMs: number;
}

interface Window {
  readonly ms: number;
  readonly requests: number;
  readonly tokens: number;
  start: number;
  usedRequests: number;
  usedTokens: number;
}

/**
 * Per-minute request and token limits enforced over fixed windows, each window getting its share of the minute's
 * limit (at least one request), as a provider's rules say: one minute for OpenAI, 1 s and 10 s for Azure. A request
 * is charged in every window or in none.
 */
export class WindowLimiter {
  private readonly windows: Window[];

  constructor(
    private readonly rules: RateLimitRules,
    requestsPerMinute: number,
    tokensPerMinute: number | undefined,
    private readonly now: () => number = () => performance.now()
  ) {
    const t = now();
    this.windows = rules.windowsMs.map((ms) => ({
      ms,
      requests: Math.max(1, Math.floor((requestsPerMinute * ms) / 60_000)),
      tokens: tokensPerMinute === undefined ? Infinity : (tokensPerMinute * ms) / 60_000,
      start: t,
      usedRequests: 0,
      usedTokens: 0,
    }));
  }

  /** Charges one request costing `promptTokens`/`maxTokens` by the rules; returns the refusal when over a limit. */
  take(promptTokens: number, maxTokens: number): Refusal | null {
    const t = this.now();
    const cost = this.rules.tokenCost(promptTokens, maxTokens);
    let refusal: Refusal | null = null;
    for (const w of this.windows) {
      if (t - w.start >= w.ms) {
        w.start = t - ((t - w.start) % w.ms);
        w.usedRequests = 0;
        w.usedTokens = 0;
      }
      const over = w.usedRequests + 1 > w.requests ? "requests" : w.usedTokens + cost > w.tokens ? "tokens" : null;
      const wait = w.start + w.ms - t;
      if (over && (refusal === null || wait > refusal.retryAfterMs)) refusal = { limit: over, retryAfterMs: wait };
    }
    if (refusal) return refusal;
    for (const w of this.windows) {
      w.usedRequests += 1;
      w.usedTokens += cost;
    }
    return null;
  }
}
