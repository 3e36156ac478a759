import type { FailoverClient } from "@faultline/client";
import type { ChatOptions } from "@faultline/client";
import { namedLoss, sessionHeaders, type LoadTarget, type SendOptions } from "./load-target.js";

/** The client's options for one send: the request's constraints only when it has them. */
function chatOptions(o: SendOptions): ChatOptions {
  const opts: ChatOptions = { deadlineMs: o.deadlineMs, requestId: o.requestId };
  if (o.residency !== null) opts.residency = o.residency;
  if (o.minTier !== null) opts.minTier = o.minTier;
  if (o.session !== null) opts.headers = sessionHeaders(o);
  if (o.cut) opts.signal = o.cut;
  return opts;
}

/** faultline's own failover client as a load target; the request id travels in the body's `user` field. */
export function clientTarget(client: FailoverClient): LoadTarget {
  return {
    // A Responses turn goes through respond(): to the endpoint that owns its conversation, replayed when it is lost.
    chat: async (body, o) =>
      o.api === "responses" ? namedLoss(await client.respond(body, chatOptions(o))) : client.chat(body, chatOptions(o)),
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
