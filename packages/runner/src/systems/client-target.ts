import type { FailoverClient } from "@faultline/client";
import type { LoadTarget } from "./load-target.js";

/** faultline's own failover client as a load target; the request id travels in the body's `user` field. */
export function clientTarget(client: FailoverClient): LoadTarget {
  return {
    chat: (body, o) => client.chat(body, { deadlineMs: o.deadlineMs, requestId: o.requestId }),
    endpointStates: () => {
      const status = client.status() as { endpoints?: Array<{ name: string; healthy: boolean; breaker: string }> };
      return (status.endpoints ?? []).map((e) => ({ name: e.name, healthy: e.healthy, breaker: e.breaker }));
    },
    close: () => client.close(),
  };
}
