import { LRUCache } from "lru-cache";
import type { Clock } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { Endpoint } from "../endpoint.js";
import type { RequestContext } from "../request-context.js";

/**
 * Session affinity: each conversation goes back to the endpoint that answered its last turn, where the node still
 * holds its history in its prefix cache (a turn elsewhere prefills the whole history again). Stickiness never beats
 * routing's own moves: the endpoint must still be in the rotation and available (failover wins), and under priority
 * routing it must be the active one (failback wins), which there it always is unless slow start is spreading traffic.
 * Remembered per key in an LRU bounded in count and age, on the client's clock.
 */
export class SessionAffinity {
  private readonly last: LRUCache<string, Endpoint>;

  constructor(
    private readonly options: ClientOptions,
    clock: Clock
  ) {
    this.last = new LRUCache<string, Endpoint>({
      max: options.affinityMaxKeys,
      ttl: options.affinityTtlMs,
      perf: { now: () => clock.now() },
      ttlResolution: 0,
      updateAgeOnGet: true,
    });
  }

  /** The request's affinity key: the configured header's value or the body's `user`; null when it has none. */
  keyOf(ctx: RequestContext): string | null {
    const o = this.options;
    const key =
      o.affinity === "header" ? ctx.headers?.[o.affinityHeader] : o.affinity === "user" ? ctx.body.user : null;
    return typeof key === "string" && key !== "" ? key : null;
  }

  /** The router's order with the session's endpoint first, when it may still take the session. */
  order(key: string | null, order: Endpoint[], active: Endpoint, now: number): Endpoint[] {
    if (key === null || this.options.routing === "single") return order;
    const e = this.last.get(key);
    if (e === undefined || e === order[0] || !order.includes(e) || !e.inRotation || !e.isAvailable(now)) return order;
    if (this.options.routing === "priority" && e !== active) return order;
    return [e, ...order.filter((x) => x !== e)];
  }

  /** The session's turn was answered by `e`: its next turn goes there while it may. */
  record(key: string | null, e: Endpoint | null): void {
    if (key !== null && e !== null) this.last.set(key, e);
  }
}
