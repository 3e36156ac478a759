import type { Logger } from "pino";
import type { AccessLine, NodeEvent } from "@faultline/node";
import type { GatewayAccessLine, RoutingEvent } from "@faultline/client";

/** Node events worth a line of their own, and the message each gets. */
const NODE_EVENT_MESSAGES: Readonly<Record<string, string>> = {
  fault_applied: "fault applied",
  started: "started",
  exited: "exited",
  admin: "admin request",
};

/** One line per node or proxy event: faults applied, reverted or expired, admin calls, start and exit. */
export function logNodeEvent(log: Logger, e: NodeEvent): void {
  if (e.kind === "fault_reverted") {
    const expired = e.detail["reason"] === "expired";
    log.info(
      { event: expired ? "fault_expired" : "fault_reverted", ...e.detail },
      expired ? "fault expired" : "fault reverted"
    );
    return;
  }
  const message = NODE_EVENT_MESSAGES[e.kind];
  if (e.kind === "admin") log.debug({ event: e.kind, ...e.detail }, message);
  else log.info({ event: e.kind, ...e.detail }, message ?? e.kind);
}

/** The access line of a node or proxy: one per chat request. */
export function logNodeAccess(log: Logger, a: AccessLine): void {
  const level = a.status >= 500 || a.outcome !== "complete" ? "warn" : "info";
  log[level](
    {
      event: "request",
      reqId: a.requestId,
      ...(a.user ? { user: a.user } : {}),
      method: a.method,
      path: a.path,
      status: a.status,
      outcome: a.outcome,
      durationMs: a.durationMs,
    },
    "request"
  );
}

/** The gateway's access line: one per chat request, with the endpoint that answered and the attempts it took. */
export function logGatewayAccess(log: Logger, a: GatewayAccessLine): void {
  const level = a.outcome === "ok" ? "info" : "warn";
  log[level](
    {
      event: "request",
      reqId: a.requestId,
      endpoint: a.endpoint,
      status: a.status,
      outcome: a.outcome,
      attempts: a.attempts,
      durationMs: a.durationMs,
    },
    "request"
  );
}

/**
 * Routing changes an operator acts on are info (health, breaker, failover, failback); per-request
 * retries and hedges are debug.
 */
// A conversation moved from its owner is as much an operator's business as a failover: it is what the caller's next
// turn now depends on.
const ROUTING_INFO = new Set([
  "health",
  "breaker",
  "failover",
  "failback",
  "budget_exhausted",
  "stream_aborted",
  "conversation_replayed",
]);

/** One line per routing event of the gateway: health and breaker transitions, failover and failback. */
export function logRoutingEvent(log: Logger, e: RoutingEvent): void {
  const fields = {
    event: e.kind,
    endpoint: e.endpoint,
    from: e.from,
    to: e.to,
    reason: e.reason,
    ...(e.detail ? { detail: e.detail } : {}),
  };
  const message =
    e.kind === "failover" || e.kind === "failback" || e.kind === "conversation_replayed"
      ? `${e.kind} ${e.from ?? "?"} -> ${e.to ?? "?"}`
      : `${e.kind} ${e.endpoint ?? ""} ${e.from ?? ""} -> ${e.to ?? ""}`.trim();
  if (ROUTING_INFO.has(e.kind)) log.info(fields, message);
  else log.debug(fields, message);
}
