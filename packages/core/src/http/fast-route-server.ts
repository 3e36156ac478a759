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
  /**
   * Bytes of large request bodies (over SMALL_BODY_BYTES) the fast route may
   * hold at once, across requests, from the first byte read until the answer
   * is finished; a body that would pass it gets 503 with Retry-After. Unset:
   * no cap beyond bodyLimitBytes.
   */
  readonly bodyBytesInFlight?: number;
  /** Open connections the server accepts; further ones are dropped at once (server.maxConnections). */
  readonly maxConnections?: number;
}

function reject(
  res: ServerResponse,
  base: BaseHeaders,
  status: number,
  body: OpenAIErrorBody,
  headers?: Record<string, string>
): void {
  res.writeHead(status, { ...base, ...headers, "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** Bytes held by large bodies being read or served; shared by one server's requests. */
interface BodyBudget {
  left: number;
}

/**
 * Bodies up to this size are not counted against bodyBytesInFlight: a chat
 * request is a few KB, and counting it would cost every request a listener.
 * Small bodies are bounded by maxConnections times this size instead.
 */
export const SMALL_BODY_BYTES = 16 * 1024;

const BUSY = errorBody(
  "The server holds too many large request bodies at once; retry shortly.",
  "server_error",
  "bodies_in_flight_full"
);

function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  base: BaseHeaders,
  limit: number,
  budget: BodyBudget | null,
  json: boolean,
  then: (body: unknown, text?: string) => void
): void {
  let refused = false;
  // An answer before the whole body was read closes the connection: what the caller
  // still sends is never read, where reading it in full used to take 5 GB in 10 s (issue 24).
  const refuse = (status: number, body: OpenAIErrorBody, headers?: Record<string, string>): void => {
    refused = true;
    reject(res, base, status, body, { ...headers, connection: "close" });
  };
  const tooLarge = () =>
    refuse(
      413,
      errorBody(`Request body too large: the limit is ${limit} bytes.`, "invalid_request_error", "request_too_large")
    );
  // A declared length is judged before a byte is read.
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) return tooLarge();
  let held = 0;
  const release = (): void => {
    budget!.left += held;
    held = 0;
  };
  // Reserves this body's bytes so far (or as declared); false when the budget cannot take them.
  const hold = (total: number): boolean => {
    if (total <= SMALL_BODY_BYTES || total <= held) return true;
    const more = total - held;
    if (more > budget!.left) return false;
    if (held === 0) res.once("close", release);
    budget!.left -= more;
    held = total;
    return true;
  };
  if (budget && declared > 0 && !hold(declared)) return refuse(503, BUSY, { "retry-after": "1" });
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    // Chunked bodies are cut off as soon as they pass the limit, not read to their end.
    if (size > limit) return tooLarge();
    if (budget && !hold(size)) return refuse(503, BUSY, { "retry-after": "1" });
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (refused) return;
    if (!json) return then(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return reject(
        res,
        base,
        400,
        errorBody(
          "We could not parse the JSON body of your request: it is not valid JSON.",
          "invalid_request_error",
          "invalid_json"
        )
      );
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
    const budget: BodyBudget | null =
      options.bodyBytesInFlight === undefined ? null : { left: options.bodyBytesInFlight };
    const server = createServer((req, res) => {
      if (!route.matches(req.method ?? "", req.url ?? "")) return fastifyHandler(req, res);
      const base = options.baseHeaders(req);
      readBody(req, res, base, options.bodyLimitBytes, budget, route.body === "json", (body, text) => {
        // Outside fastify nothing catches for us, and nothing a client sends may take the server down.
        try {
          route.handle(req, res, body, base, text);
        } catch {
          if (!res.headersSent)
            reject(
              res,
              base,
              500,
              errorBody("The server had an error while processing your request.", "server_error", "internal_error")
            );
          else res.destroy();
        }
      });
    });
    server.keepAliveTimeout = options.keepAliveTimeoutMs;
    // Past it new sockets are closed at once: idle connections must not use up the descriptors
    // that upstream connections and files need (24,000 did, issue 24).
    if (options.maxConnections !== undefined) server.maxConnections = options.maxConnections;
    return server;
  };
}
