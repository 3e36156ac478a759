import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { BaseHeaders } from "@faultline/core";

/** One answered request, as a node's or a proxy's access log line reports it. */
export interface AccessLine {
  /** The x-request-id the answer carried (the caller's, when it was safe to echo). */
  requestId: string;
  /** The body's `user` field, which gateways forward when they drop x-request-id; null when absent. */
  user: string | null;
  method: string;
  path: string;
  /** HTTP status sent; 0 when the connection closed before a status line. */
  status: number;
  /** complete: the answer was written to its end; cut: closed mid-answer; reset: closed before any status. */
  outcome: "complete" | "cut" | "reset";
  durationMs: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: unknown, base: BaseHeaders) => void;

/** The body's `user` field, from a parsed JSON body or a raw one. */
function userOf(body: unknown): string | null {
  if (Buffer.isBuffer(body)) {
    const m = /"user"\s*:\s*"([^"\\]{1,128})"/.exec(body.toString("latin1", 0, Math.min(body.length, 65_536)));
    return m ? m[1]! : null;
  }
  const user = typeof body === "object" && body !== null ? (body as { user?: unknown }).user : undefined;
  return typeof user === "string" && user !== "" ? user : null;
}

/**
 * Wraps a fast-route handler so every request it answers is reported once its
 * response closes. Only composed when someone listens: a node without an
 * access log pays nothing per request.
 */
export function withAccessLog(handle: Handler, onAccess: (line: AccessLine) => void): Handler {
  return (req, res, body, base) => {
    const started = performance.now();
    res.once("close", () =>
      onAccess({
        requestId: base["x-request-id"] ?? "",
        user: userOf(body),
        method: req.method ?? "",
        path: req.url ?? "",
        status: res.headersSent ? res.statusCode : 0,
        outcome: res.writableFinished ? "complete" : res.headersSent ? "cut" : "reset",
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      })
    );
    handle(req, res, body, base);
  };
}
