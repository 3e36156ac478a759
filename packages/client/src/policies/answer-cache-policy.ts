import { tierAllows } from "@faultline/contracts";
import type { Clock } from "@faultline/core";
import type { AttemptResult } from "../attempt.js";
import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../request-context.js";
import { answerKey, type AnswerCache } from "../tiers/answer-cache.js";
import { completionContent, completionText, streamFrames, wantsUsage } from "../tiers/replay.js";
import { nothingServed } from "../tiers/unserved.js";
import type { Policy } from "./policy.js";

/**
 * The minimal tier, in the spirit of HTTP's stale-if-error: every whole answer a full or degraded endpoint gives is
 * stored under its normalised request; a request that nothing full or degraded could serve gets the stored answer to
 * the same request when one is fresh enough (tiers/answer-cache.ts), marked as cached. A request whose `minTier` is
 * above `minimal` never gets one.
 */
export function answerCachePolicy(cache: AnswerCache | null, endpoints: readonly Endpoint[], clock: Clock): Policy {
  // Off (answerCacheSize 0): not even a wrapper on the request path.
  if (cache === null) return (next) => next;
  const byName = new Map(endpoints.map((e) => [e.name, e]));
  return (next) => async (ctx, attempt) => {
    const r = await next(ctx, attempt);
    if (r.ok && ctx.servedFrom === null && r.endpoint !== null) store(cache, ctx, r);
    if (!nothingServed(ctx, r) || !tierAllows("minimal", ctx.minTier)) return r;
    const hit = cache.lookup(answerKey(ctx.body, ctx.residency));
    if (hit === null) return r;
    ctx.servedFrom = hit;
    const { answer } = hit;
    if (ctx.stream) {
      const note = { tier: "minimal" as const, cacheAgeMs: hit.ageMs, from: answer.endpoint };
      for (const frame of streamFrames(answer.bodyText, answer.content, wantsUsage(ctx.body)))
        ctx.onChunk?.(frame, answer.endpoint, ctx.attempts, note);
      ctx.onFlush?.();
    }
    return {
      ok: true,
      status: 200,
      endpoint: byName.get(answer.endpoint) ?? null,
      errorClass: null,
      error: null,
      disposition: "done",
      retryAfterMs: null,
      firstByteAt: clock.now(),
      body: ctx.stream ? undefined : JSON.parse(answer.bodyText),
      bodyText: ctx.stream ? undefined : answer.bodyText,
      promptTokens: answer.promptTokens,
      completionTokens: answer.completionTokens,
    };
  };
}

/** Stores a whole answer: a non-streamed body as it came, a stream as the completion it added up to. */
function store(cache: AnswerCache, ctx: RequestContext, r: AttemptResult): void {
  const key = answerKey(ctx.body, ctx.residency);
  const endpoint = r.endpoint!.name;
  const tokens = { promptTokens: r.promptTokens, completionTokens: r.completionTokens };
  if (!ctx.stream) {
    if (r.bodyText === undefined) return;
    cache.store(key, { bodyText: r.bodyText, content: completionContent(r.body), endpoint, ...tokens });
    return;
  }
  const id = ctx.identity;
  if (id === null) return;
  const bodyText = completionText(id.id, id.model, id.created, ctx.sentText, r.promptTokens, r.completionTokens);
  cache.store(key, { bodyText, content: ctx.sentText, endpoint, ...tokens });
}
