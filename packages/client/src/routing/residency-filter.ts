import { jurisdictionAllows } from "@faultline/contracts";
import type { ClientOptions } from "../defaults.js";
import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../request-context.js";

/** What residency did to a pick: nothing, refused it (fail closed), or let it out (`allowFailOpen`). */
export type ResidencyOutcome = "refused" | "fail_open";

/** A pick as pick.ts makes it, with what residency did to it. */
export interface ResidencyAwarePick {
  endpoint: Endpoint | null;
  cooldownUntil?: number | null;
  residency?: ResidencyOutcome;
}

type PickFrom<P extends ResidencyAwarePick> = (
  ctx: RequestContext,
  order: readonly Endpoint[],
  now: number,
  options: ClientOptions
) => P;

/**
 * The residency filter, applied before any other routing rule so that no path (retry, hedge, fallback, panic mode,
 * stream resume) can see an endpoint outside the request's residency: they all pick from the filtered order. When
 * nothing inside can take the request, it fails closed (`refused`), unless `allowFailOpen` lets it pick outside, which
 * the caller must record. LiteLLM PR #36193 is the failure this prevents: a cooldown elsewhere in the chain switched
 * the tag filter off, so the fallback went wherever it could.
 */
export function pickWithinResidency<P extends ResidencyAwarePick>(
  ctx: RequestContext,
  order: readonly Endpoint[],
  now: number,
  options: ClientOptions,
  pickFrom: PickFrom<P>
): P {
  const inside = order.filter((e) => jurisdictionAllows(e.jurisdiction, ctx.residency));
  const pick = pickFrom(ctx, inside, now, options);
  if (inside.length === order.length) return pick; // nothing outside: residency changes nothing
  if (!options.allowFailOpen) {
    // Served inside, or waiting out a 429 inside; else refused.
    return pick.endpoint !== null || pick.cooldownUntil != null ? pick : { ...pick, residency: "refused" };
  }
  // Failing open, residency is a preference: an inside endpoint only as a last resort (already tried, or doubted by
  // its health checks) loses to a fresh one outside.
  if (pick.endpoint !== null && !ctx.tried.has(pick.endpoint) && pick.endpoint.healthy) return pick;
  const outside = pickFrom(
    ctx,
    order.filter((e) => !inside.includes(e)),
    now,
    options
  );
  if (outside.endpoint === null) return pick;
  if (pick.endpoint !== null && (ctx.tried.has(outside.endpoint) || !outside.endpoint.healthy)) return pick;
  return { ...outside, residency: "fail_open" };
}

/** Names of the endpoints outside the request's residency. */
export function residencyLeftOut(ctx: RequestContext, endpoints: readonly Endpoint[]): string[] {
  return endpoints.filter((e) => !jurisdictionAllows(e.jurisdiction, ctx.residency)).map((e) => e.name);
}

/** The message of a request refused for its residency: which residency, and what was left out. */
export function refusalMessage(ctx: RequestContext, order: readonly Endpoint[]): string {
  return (
    `no endpoint in residency "${ctx.residency}" can take the request; failing closed, so ` +
    `${residencyLeftOut(ctx, order).join(", ")} (outside it) was not tried (set allowFailOpen to let it out)`
  );
}
