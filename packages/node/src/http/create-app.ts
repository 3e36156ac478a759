import Fastify, { type FastifyInstance } from "fastify";
import { errorBody, fastRouteServer, standardErrorBody, type FastRoute } from "@faultline/core";
import { NODE_LIMITS } from "./limits.js";
import { safeRequestId } from "./request-id.js";

/** Request bodies above this get 413 (the admin-security rule, applied to every route). */
export const BODY_LIMIT_BYTES = NODE_LIMITS.bodyLimitBytes;

/**
 * Advertised in Keep-Alive: undici closes an idle connection a second before it, so the client never writes to one the
 * server has just closed.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * The fastify instance every node and proxy starts from: OpenAI error bodies
 * for framework errors (bad JSON, too large, unknown route), x-request-id and
 * x-faultline-node on every response, and no path by which client input can
 * throw out of a handler.
 */
export function createApp(nodeName: string, fastRoute?: FastRoute): FastifyInstance {
  let counter = 0;
  const nextId = (): string => `${nodeName}-${(++counter).toString(36)}`;
  const app = Fastify({
    ...(fastRoute
      ? {
          serverFactory: fastRouteServer(fastRoute, {
            bodyLimitBytes: BODY_LIMIT_BYTES,
            bodyBytesInFlight: NODE_LIMITS.bodyBytesInFlight,
            maxConnections: NODE_LIMITS.maxConnections,
            keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
            baseHeaders: (req) => ({
              "x-request-id": safeRequestId(req.headers["x-request-id"]) ?? nextId(),
              "x-faultline-node": nodeName,
            }),
          }),
        }
      : {}),
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Hung and stalled responses must not keep close() waiting.
    forceCloseConnections: true,
    // The id is checked before it is echoed (request-id.ts), not taken as fastify would.
    requestIdHeader: false,
    genReqId: (req) => safeRequestId(req.headers["x-request-id"]) ?? nextId(),
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    return503OnClosing: false,
    // The node reads named fields and never merges request objects, so
    // __proto__ keys are harmless here; skipping secure-json-parse's scans
    // is a measurable share of a zero-latency request.
    onProtoPoisoning: "ignore",
    onConstructorPoisoning: "ignore",
  });
  app.addHook("onRequest", (req, reply, done) => {
    reply.header("x-request-id", req.id).header("x-faultline-node", nodeName);
    done();
  });
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status === 413)
      return reply
        .code(413)
        .send(
          errorBody(
            `Request body too large: the limit is ${BODY_LIMIT_BYTES} bytes.`,
            "invalid_request_error",
            "request_too_large"
          )
        );
    if (status === 500) return reply.code(500).send(standardErrorBody(500));
    const message =
      err.code === "FST_ERR_CTP_INVALID_JSON_BODY" || err instanceof SyntaxError
        ? "We could not parse the JSON body of your request: it is not valid JSON."
        : err.message;
    return reply.code(status).send(errorBody(message, "invalid_request_error", err.code ?? null));
  });
  app.setNotFoundHandler((req, reply) => {
    reply
      .code(404)
      .send(errorBody(`Unknown route ${req.method} ${req.url.split("?")[0]}`, "invalid_request_error", "unknown_url"));
  });
  return app;
}
