import type { FailoverClient } from "@faultline/client";
import type { LoadTarget } from "./load-target.js";

/** faultline's own failover client as a load target; the request id travels in the body's `user` field. */
export function clientTarget(client: FailoverClient): LoadTarget {
  return {
    chat: (body, o) => client.chat(body, { deadlineMs: o.deadlineMs }),
    endpointStates: () => {
      const status = client.status() as {
        options?: { healthChecks?: boolean; breaker?: boolean };
        endpoints?: Array<{ name: string; healthy: boolean; breaker: string }>;
      };
      const checks = status.options?.healthChecks !== false;
      const breaker = status.options?.breaker !== false;
      return (status.endpoints ?? []).map((e) => ({
        name: e.name,
        healthy: checks ? e.healthy : null,
        breaker: breaker ? e.breaker : "off",
      }));
    },
    close: () => client.close(),
  };
}
