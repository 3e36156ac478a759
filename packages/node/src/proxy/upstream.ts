import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { Pool } from "undici";
import type { StreamShape } from "../faults/fault-kind.js";
import { errorBody } from "@faultline/core";
import { sendRawError } from "../http/replies.js";
import { shapeSse } from "./sse-shaper.js";
import { relayBody } from "./relay-body.js";
import { PROXY_LIMITS } from "./limits.js";

// Hop-by-hop headers (RFC 9110 §7.6.1) never cross a proxy; length is recomputed. `expect`
// is answered by this hop (node:http sends 100 Continue, and the body is read whole before
// forwarding): passed on, undici refused it and the caller got a 502.
const HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "host",
  "content-length",
  "expect",
]);

function strip(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>
): Record<string, string | string[]> {
  // Headers the sender names in Connection are hop-by-hop too (RFC 9110 §7.6.1).
  // Most requests say only keep-alive or close: no list to build then.
  const named = headers.connection;
  const listed =
    named && named !== "keep-alive" && named !== "close"
      ? new Set(
          String(named)
            .toLowerCase()
            .split(",")
            .map((t) => t.trim())
        )
      : null;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP.has(k) && !listed?.has(k)) out[k] = v;
  return out;
}

/** One proxied request that faults may need to fail (engine-dead, gpu-oom). */
export interface InFlight {
  res: ServerResponse;
  abort: AbortController;
}

/** The real OpenAI-compatible server behind a proxy, reached over one keep-alive undici pool. */
export class Upstream {
  private readonly pool: Pool;
  /** Requests currently being forwarded. */
  readonly inFlight = new Set<InFlight>();

  constructor(readonly origin: string) {
    // maxResponseSize: undici cuts a body that grows past it (a dropped connection for the caller);
    // a larger Content-Length is refused before the headers are relayed (forward()).
    this.pool = new Pool(origin, {
      connections: 256,
      keepAliveTimeout: 30_000,
      maxResponseSize: PROXY_LIMITS.maxResponseBytes,
    });
  }

  /** Forwards one request and writes the answer to `res`; stream faults bend SSE bodies on the way. */
  async forward(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer | undefined,
    res: ServerResponse,
    base: OutgoingHttpHeaders,
    shape: StreamShape | undefined
  ): Promise<void> {
    const flight: InFlight = { res, abort: new AbortController() };
    this.inFlight.add(flight);
    // A caller that goes away mid-answer cancels the upstream request. Not after the forward ended: the upstream is
    // done with by then, and an abort builds a DOMException with its stack, per answer, for nothing.
    const onClose = (): void => {
      flight.abort.abort();
      this.inFlight.delete(flight);
    };
    res.once("close", onClose);
    try {
      const up = await this.pool.request({
        method: method as "POST",
        path,
        headers: strip(headers),
        body: body ?? null,
        signal: flight.abort.signal,
      });
      if (res.destroyed) {
        up.body.destroy();
        return;
      }
      if (Number(up.headers["content-length"]) > PROXY_LIMITS.maxResponseBytes) {
        up.body.destroy();
        throw new Error(
          `answer of ${String(up.headers["content-length"])} bytes ` +
            `is above the proxy's limit of ${PROXY_LIMITS.maxResponseBytes}`
        );
      }
      res.writeHead(up.statusCode, { ...strip(up.headers), ...base });
      const sse = String(up.headers["content-type"] ?? "").startsWith("text/event-stream");
      if (shape && sse) await shapeSse(up.body, res, shape);
      else await relayBody(up.body, res);
    } catch (err) {
      if (!res.headersSent && !res.destroyed) {
        sendRawError(
          res,
          base as Record<string, unknown>,
          502,
          errorBody(`upstream ${this.origin} failed: ${(err as Error).message}`, "server_error", "bad_gateway")
        );
      } else if (!res.destroyed) res.destroy();
    } finally {
      res.off("close", onClose);
      this.inFlight.delete(flight);
    }
  }

  /** True when the upstream answers GET /v1/models with 2xx within a second. */
  async reachable(): Promise<boolean> {
    try {
      const r = await this.pool.request({ method: "GET", path: "/v1/models", signal: AbortSignal.timeout(1000) });
      await r.body.dump();
      return r.statusCode < 300;
    } catch {
      return false;
    }
  }

  /** The upstream's Prometheus page, or null when it serves none or does not answer in time. */
  async metricsText(timeoutMs: number): Promise<string | null> {
    try {
      const r = await this.pool.request({ method: "GET", path: "/metrics", signal: AbortSignal.timeout(timeoutMs) });
      if (r.statusCode !== 200) {
        await r.body.dump();
        return null;
      }
      return await r.body.text();
    } catch {
      return null;
    }
  }

  /** Closes the pool. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}
