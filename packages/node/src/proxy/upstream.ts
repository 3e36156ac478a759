import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { Pool } from "undici";
import type { StreamShape } from "../faults/fault-kind.js";
import { errorBody } from "@faultline/core";
import { sendRawError } from "../http/replies.js";
import { shapeSse } from "./sse-shaper.js";

// Hop-by-hop headers (RFC 9110 §7.6.1) never cross a proxy; length is recomputed.
const HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host", "content-length"]);

function strip(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
  return out;
}

/** One proxied request that faults may need to fail (engine-dead, gpu-oom). */
export interface InFlight { res: ServerResponse; abort: AbortController }

/** The real OpenAI-compatible server behind a proxy, reached over one keep-alive undici pool. */
export class Upstream {
  private readonly pool: Pool;
  /** Requests currently being forwarded. */
  readonly inFlight = new Set<InFlight>();

  constructor(readonly origin: string) {
    this.pool = new Pool(origin, { connections: 256, keepAliveTimeout: 30_000 });
  }

  /** Forwards one request and writes the answer to `res`; stream faults bend SSE bodies on the way. */
  async forward(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer | undefined, res: ServerResponse,
    base: OutgoingHttpHeaders, shape: StreamShape | undefined): Promise<void> {
    const flight: InFlight = { res, abort: new AbortController() };
    this.inFlight.add(flight);
    res.once("close", () => { flight.abort.abort(); this.inFlight.delete(flight); });
    try {
      const up = await this.pool.request({ method: method as "POST", path, headers: strip(headers), body: body ?? null, signal: flight.abort.signal });
      if (res.destroyed) { up.body.destroy(); return; }
      res.writeHead(up.statusCode, { ...strip(up.headers), ...base });
      const sse = String(up.headers["content-type"] ?? "").startsWith("text/event-stream");
      if (shape && sse) await shapeSse(up.body, res, shape);
      else await pipeline(up.body, res);
    } catch (err) {
      if (!res.headersSent && !res.destroyed) {
        sendRawError(res, base as Record<string, unknown>, 502, errorBody(`upstream ${this.origin} failed: ${(err as Error).message}`, "server_error", "bad_gateway"));
      } else if (!res.destroyed) res.destroy();
    } finally {
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

  /** Closes the pool. */
  close(): Promise<void> { return this.pool.destroy(); }
}
