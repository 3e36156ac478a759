import type { RoutingEventKind, Tier } from "@faultline/contracts";
import type { AttemptResult } from "../attempt.js";
import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../request-context.js";

/** The tier a request ended at: its serving endpoint's, `minimal` from the cache, `emergency` for maintenance. */
export function tierOf(ctx: RequestContext, r: AttemptResult): Tier | null {
  if (r.errorClass === "maintenance") return "emergency";
  if (!r.ok) return null;
  if (ctx.servedFrom !== null) return "minimal";
  return (r.endpoint?.tier as Tier | undefined) ?? null;
}

/** Whether a routing event means an endpoint may take traffic again: the retry queue's wake-up signals. */
export function isRecovery(kind: RoutingEventKind, to: string | null): boolean {
  if (kind === "health") return to === "healthy";
  if (kind === "breaker") return to === "half_open" || to === "closed";
  return kind === "failback";
}

/** The earliest future time an endpoint becomes sendable on its own (a breaker's open time or a 429 cooldown ends). */
export function nextKnownRecovery(endpoints: readonly Endpoint[], now: number): number | null {
  let at = Infinity;
  for (const e of endpoints) {
    if (e.breaker.state === "open" && e.breaker.openUntil > now) at = Math.min(at, e.breaker.openUntil);
    if (e.cooldownUntil > now) at = Math.min(at, e.cooldownUntil);
  }
  return at === Infinity ? null : at;
}
