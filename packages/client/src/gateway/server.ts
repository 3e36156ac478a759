import { fastRouteServer, safeRequestId, standardErrorBody, type BaseHeaders, type FastRoute } from "@faultline/core";
import { randomBytes } from "node:crypto";
import Fastify from "fastify";
import type { ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { createFailoverClient } from "../client.js";
import type { ChatOutcome, FailoverClientConfig, RoutingEvent } from "../types.js";
import { GatewayMetrics } from "./metrics.js";
import { GATEWAY_LIMITS, type GatewayLimits } from "./limits.js";
import { validateChatRequest } from "./validate-request.js";
import type { GatewayAccessLine } from "./access-line.js";
import type { RequestTracer } from "../tracing/request-tracer.js";
import { FAILURE_CLASSES, type FailureClass } from "@faultline/contracts";

const MODEL_FIELD = /"model"\s*:\s*"((?:[^"\\]|\\.)*)"/;
/** The response's model names the endpoint that answered: `<endpoint>/<model>`. */
function renameModel(text: string, endpoint: string): string {
  return text.replace(MODEL_FIELD, (_m, model: string) => `"model":"${endpoint}/${model}"`);
}

/** The HTTP status a failed outcome is answered with: a provider's own 4xx as is, else by failure class. */
function errorStatus(out: ChatOutcome): number {
  return out.errorClass === "http_4xx" && out.status
    ? out.status
    : ((out.errorClass ? FAILURE_CLASSES[out.errorClass as FailureClass]?.gatewayStatus : null) ?? 502);
}

/**
 * A failed outcome as a JSON answer; a provider's own 4xx (content policy, bad request) passes through with its reason.
 */
function writeError(res: ServerResponse, out: ChatOutcome, base: BaseHeaders): void {
  res.writeHead(errorStatus(out), {
    ...base,
    ...JSON_HEADERS,
    "x-faultline-attempts": String(out.attempts),
    ...(out.servedBy ? { "x-faultline-endpoint": out.servedBy } : {}),
  });
  res.end(
    out.errorClass === "http_4xx" && out.bodyText
      ? out.bodyText
      : JSON.stringify({ error: { message: out.error, type: out.errorClass, param: null, code: out.errorClass } })
  );
}

const CHAT_PATH = "/v1/chat/completions";
const JSON_HEADERS = Object.freeze({ "content-type": "application/json; charset=utf-8" });

/** Starts the OpenAI-compatible failover gateway: /v1/chat/completions, /v1/models, /metrics, /status. */
export async function startGateway(options: {
  config: FailoverClientConfig;
  port?: number;
  host?: string;
  onEvent?: (e: RoutingEvent) => void;
  /** Told of every chat request once it is answered (the CLI's access log); nothing is built when absent. */
  onAccess?: (line: GatewayAccessLine) => void;
  /** Exports a span per request and per attempt over OTLP/HTTP; the caller owns it (shuts it down after close). */
  tracer?: RequestTracer;
  /** Adds prom-client's process metrics to /metrics; `faultline gateway` does, a library embedder decides. */
  processMetrics?: boolean;
  limits?: Partial<GatewayLimits>;
}): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const limits: GatewayLimits = Object.freeze({ ...GATEWAY_LIMITS, ...options.limits });
  let metrics: GatewayMetrics | null = null;
  const client = createFailoverClient(options.config, {
    onEvent: (e) => {
      metrics?.onEvent(e);
      options.onEvent?.(e);
    },
    onAttempt: (a) => metrics?.onAttempt(a),
    ...(options.tracer ? { tracer: options.tracer } : {}),
  });
  metrics = new GatewayMetrics(client, options.processMetrics === true);
  const onAccess = options.onAccess;
  // Ids the gateway gives requests that came without a usable one: unique across restarts, cheap per request.
  const idPrefix = `gw-${randomBytes(4).toString("hex")}-`;
  let nextId = 0;

  /**
   * Records a finished request. Called after res.end(), which has already
   * written the answer to the socket, so the metrics are not the caller's latency.
   */
  function record(
    out: ChatOutcome,
    started: number,
    base: BaseHeaders,
    status: number,
    outcome = out.ok ? "ok" : (out.errorClass ?? "error")
  ): void {
    const seconds = (performance.now() - started) / 1000;
    metrics!.onRequest(out.servedBy, outcome, seconds, out.attempts);
    onAccess?.({
      requestId: base["x-request-id"]!,
      endpoint: out.servedBy,
      status,
      outcome,
      attempts: out.attempts,
      durationMs: Math.round(seconds * 1e6) / 1000,
    });
  }

  async function chat(
    res: ServerResponse,
    body: unknown,
    bodyText: string | undefined,
    base: BaseHeaders
  ): Promise<void> {
    const started = performance.now();
    const invalid = validateChatRequest(body);
    if (invalid) {
      res.writeHead(400, { ...base, ...JSON_HEADERS });
      res.end(JSON.stringify(invalid));
      return;
    }
    const request = body as Record<string, unknown>;
    if (request.stream === true) return streamReply(res, request, started, bodyText, base);
    // The client forwards the caller's JSON as is when the model is unchanged.
    const requestId = base["x-request-id"]!;
    const out = await client.chat(request, bodyText === undefined ? { requestId } : { bodyText, requestId });
    if (!out.ok) writeError(res, out, base);
    else {
      res.writeHead(200, {
        ...base,
        ...JSON_HEADERS,
        "x-faultline-endpoint": out.servedBy!,
        "x-faultline-attempts": String(out.attempts),
      });
      res.end(renameModel(out.bodyText!, out.servedBy!));
    }
    record(out, started, base, res.statusCode);
  }

  async function streamReply(
    res: ServerResponse,
    body: Record<string, unknown>,
    started: number,
    bodyText: string | undefined,
    base: BaseHeaders
  ): Promise<void> {
    let opened = false;
    // The caller's side of a stream: a caller that went away, or stopped reading while the
    // upstream kept writing, ends the request; the upstream attempt is cancelled with it and
    // the endpoint is not blamed (the client counts a cancelled attempt as neutral).
    const caller = new AbortController();
    let slow = false;
    const onClose = () => caller.abort();
    res.once("close", onClose);
    const out = await client.chat(body, {
      ...(bodyText === undefined ? {} : { bodyText }),
      requestId: base["x-request-id"]!,
      signal: caller.signal,
      onChunk: (line, endpoint, attempts) => {
        if (res.destroyed) return;
        if (!opened) {
          opened = true;
          res.writeHead(200, {
            ...base,
            "content-type": "text/event-stream",
            "cache-control": "no-cache",
            "x-faultline-endpoint": endpoint,
            "x-faultline-attempts": String(attempts),
          });
        }
        if (!res.write(`data: ${renameModel(line, endpoint)}\n\n`) && res.writableLength > limits.callerBacklogBytes) {
          slow = true;
          caller.abort();
        }
      },
    });
    res.off("close", onClose);
    if (slow || res.destroyed) {
      res.destroy();
      record(out, started, base, opened ? 200 : 0, slow ? "caller_backlog" : "caller_gone");
      return;
    }
    // Nothing reached the caller yet: answer with a plain JSON error.
    if (!opened) writeError(res, out, base);
    // [DONE] only after a complete answer; a failed stream already carries an error frame.
    else res.end(out.ok ? "data: [DONE]\n\n" : undefined);
    record(out, started, base, res.statusCode);
  }

  // The chat route is served straight from node:http (see fastRouteServer): fastify's
  // per-request machinery was most of what the gateway added to a request.
  const chatRoute: FastRoute = {
    matches: (method, url) => method === "POST" && (url === CHAT_PATH || url.startsWith(`${CHAT_PATH}?`)),
    body: "json",
    handle: (_req, res, body, base, text) => {
      // Nothing a caller sends may take the gateway down; an answer already under way is cut, not faked.
      chat(res, body, text, base).catch(() => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { ...base, ...JSON_HEADERS });
        res.end(JSON.stringify(standardErrorBody(500)));
      });
    },
  };
  const app = Fastify({
    logger: false,
    serverFactory: fastRouteServer(chatRoute, {
      bodyLimitBytes: limits.bodyLimitBytes,
      bodyBytesInFlight: limits.bodyBytesInFlight,
      maxConnections: limits.maxConnections,
      keepAliveTimeoutMs: limits.keepAliveTimeoutMs,
      // The caller's x-request-id travels upstream on every attempt and back on the answer; a request
      // without a usable one gets the gateway's own, so every answer and log line has one.
      baseHeaders: (req) => ({
        "x-request-id":
          safeRequestId(req.headers["x-request-id"], limits.requestIdMaxLength) ??
          `${idPrefix}${(nextId++).toString(36)}`,
      }),
    }),
    // Routes other than the chat route take small bodies only.
    bodyLimit: 1024 * 1024,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  });

  app.get("/v1/models", async () => ({
    object: "list",
    data: options.config.endpoints.map((e) => ({
      id: e.model ?? e.name,
      object: "model",
      owned_by: e.name,
      endpoint: e.name,
    })),
  }));
  app.get("/status", async () => client.status());
  app.get("/health", async () => ({ ok: true }));
  app.get("/metrics", async (_req, reply) =>
    reply.type(metrics!.registry.contentType).send(await metrics!.registry.metrics())
  );

  client.start();
  const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  // No engine tuning here: a library must not change its embedder's process (`faultline gateway` does).
  return {
    url: address,
    port,
    close: async () => {
      await app.close();
      await client.close();
    },
  };
}
