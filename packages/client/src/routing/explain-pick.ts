import { jurisdictionAllows, tierAllows, type LedgerFilterResult, type RoutingDecision } from "@faultline/contracts";
import type { ClientOptions } from "../defaults.js";
import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../request-context.js";
import type { Pick } from "./pick.js";

/**
 * The ledger record of one pick: the router's order, what each filter of pick.ts set aside, the endpoint chosen and
 * why. It reads the same endpoint state pickEndpoint just read (no clock moved in between) and only runs when a ledger
 * is on, so the request path pays nothing without one. The filters are pick.ts's, in its order; a filter added there
 * is added here and in LEDGER_FILTERS.
 */
export function explainPick(
  ctx: RequestContext,
  order: readonly Endpoint[],
  now: number,
  options: ClientOptions,
  pick: Pick,
  attempt: number,
  requestId: string | null
): RoutingDecision {
  const resume = ctx.owner !== null;
  const removed = {
    owner: [] as string[],
    residency: [] as string[],
    tier: [] as string[],
    context: [] as string[],
    prefill: [] as string[],
    cooldown: [] as string[],
    breaker: [] as string[],
    tried: [] as string[],
    health: [] as string[],
  };
  const retryAfterMs: Record<string, number> = {};
  for (const e of order) {
    if (now < e.cooldownUntil) retryAfterMs[e.name] = Math.round(e.cooldownUntil - now);
    const why =
      ctx.onlyEndpoint !== null && e.name !== ctx.onlyEndpoint
        ? "owner"
        : ctx.residency !== null && !jurisdictionAllows(e.jurisdiction, ctx.residency)
          ? "residency"
          : ctx.minTier !== null && !tierAllows(e.tier, ctx.minTier)
            ? "tier"
            : ctx.minContextTokens > 0 && e.maxContextTokens < ctx.minContextTokens
              ? "context"
              : resume && !e.supportsPrefill
                ? "prefill"
                : now < e.cooldownUntil
                  ? "cooldown"
                  : options.breaker && !e.breaker.wouldPass()
                    ? "breaker"
                    : ctx.tried.has(e)
                      ? "tried"
                      : !e.healthy
                        ? "health"
                        : null;
    if (why !== null) removed[why].push(e.name);
  }
  const filters: LedgerFilterResult[] = (Object.keys(removed) as Array<keyof typeof removed>).map((filter) => ({
    filter,
    removed: removed[filter],
  }));
  return {
    requestId,
    attempt,
    tMs: now,
    residency: ctx.residency,
    minTier: ctx.minTier,
    candidates: order.map((e) => e.name),
    filters,
    chosen: pick.endpoint?.name ?? null,
    reason: ctx.onlyEndpoint === null ? reasonOf(pick, removed) : ownerReason(pick),
    retryAfterMs,
  };
}

function ownerReason(pick: Pick): string {
  return pick.endpoint === null
    ? "none: the endpoint that owns the conversation cannot take the turn now (its transcript may go elsewhere)"
    : "the endpoint that owns the conversation (previous_response_id)";
}

function reasonOf(pick: Pick, removed: Record<string, string[]>): string {
  if (pick.residency === "refused") return "refused: nothing in the request's residency can take it (fail closed)";
  if (pick.endpoint === null)
    return pick.cooldownUntil !== null ? "none: every eligible endpoint is cooling down" : "none: no endpoint left";
  const name = pick.endpoint.name;
  const prefix = pick.residency === "fail_open" ? "outside the residency (allowFailOpen): " : "";
  if (removed.tried!.includes(name)) return `${prefix}last resort: already tried by this request`;
  if (removed.health!.includes(name)) return `${prefix}last resort: doubted by health checks`;
  if (removed.breaker!.includes(name)) return `${prefix}panic mode: every breaker is open; this one reopens first`;
  return `${prefix}first eligible endpoint in the strategy's order`;
}
