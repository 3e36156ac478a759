import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { errorBody, type OpenAIErrorBody } from "./openai-errors.js";

/** Headers every response of a server carries (x-request-id, the server's name). */
export type BaseHeaders = Record<string, string>;

/** Requests served straight from node:http, bypassing fastify's per-request machinery. */
export interface FastRoute {
  /** True for the requests this route takes; fastify gets the rest. */
  matches(method: string, url: string): boolean;
  /** "json": the body is parsed (400 on bad JSON); "raw": the bytes as received. */
  readonly body: "json" | "raw";
  /**
   * Handles one request. In "json" mode `text` is the JSON as received, for
   * callers that forward it unchanged instead of serialising `body` again.
   */
  handle(req: IncomingMessage, res: ServerResponse, body: unknown, base: BaseHeaders, text?: string): void;
}

export interface FastRouteServerOptions {
  /** Bodies above this many bytes get 413. */
  readonly bodyLimitBytes: number;
  /** The headers every fast-route response starts from. */
  baseHeaders(req: IncomingMessage): BaseHeaders;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
}

function reject(res: ServerResponse, base: BaseHeaders, status: number, body: OpenAIErrorBody): void {
  res.writeHead(status, { ...base, "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, res: ServerResponse, base: BaseHeaders, limit: number, json: boolean, then: (body: unknown, text?: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) tooBig = true;
    else chunks.push(chunk);
  });
  req.on("end", () => {
    if (tooBig) return reject(res, base, 413, errorBody(`Request body too large: the limit is ${limit} bytes.`, "invalid_request_error", "request_too_large"));
    if (!json) return then(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try { body = JSON.parse(text); } catch {
      return reject(res, base, 400, errorBody("We could not parse the JSON body of your request: it is not valid JSON.", "invalid_request_error", "invalid_json"));
    }
    then(body, text);
  });
  req.on("error", () => res.destroy());
}

/**
 * A fastify serverFactory that serves the hot path itself (a node's chat
 * route, the proxy's forwarding, the gateway's chat route). The benchmarks
 * showed fastify's routing, hooks, content-type parsing and reply objects
 * costing more than the simulated generation, and doubling what the proxy
 * adds; admin, health, status and metrics still go through fastify. The hot
 * path keeps the same contract: the body limit and OpenAI error bodies.
 */
export function fastRouteServer(route: FastRoute, options: FastRouteServerOptions) {
  return (fastifyHandler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const server = createServer((req, res) => {
      if (!route.matches(req.method ?? "", req.url ?? "")) return fastifyHandler(req, res);
      const base = options.baseHeaders(req);
      readBody(req, res, base, options.bodyLimitBytes, route.body === "json", (body, text) => {
        // Outside fastify nothing catches for us, and nothing a client sends may take the server down.
        try { route.handle(req, res, body, base, text); } catch {
          if (!res.headersSent) reject(res, base, 500, errorBody("The server had an error while processing your request.", "server_error", "internal_error"));
          else res.destroy();
        }
      });
    });
    server.keepAliveTimeout = options.keepAliveTimeoutMs;
    return server;
  };
}
