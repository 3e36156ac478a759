import { fastRouteServer, standardErrorBody, type FastRoute } from "@faultline/core";
import Fastify from "fastify";
import type { ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { ChatOptions, ChatOutcome, GatewayConfig, RoutingEvent } from "../types.js";
import { ModelGroups, type ModelRoute } from "./model-groups.js";
import { GatewayMetrics } from "./metrics.js";
import { GATEWAY_LIMITS, type GatewayLimits } from "./limits.js";
import { validateChatRequest } from "./validate-request.js";
import { JSON_HEADERS, writeError, writeUnknownModel } from "./error-answers.js";
import {
  MIN_TIER_HEADER,
  RESIDENCY_HEADER,
  TIER_HEADER,
  TIERS,
  type RoutingDecision,
  type Tier,
} from "@faultline/contracts";
import type { IncomingHttpHeaders } from "node:http";

const MODEL_FIELD = /"model"\s*:\s*"((?:[^"\\]|\\.)*)"/;
/** The response's model names the endpoint that answered: `<endpoint>/<model>`. */
function renameModel(text: string, endpoint: string): string {
  return text.replace(MODEL_FIELD, (_m, model: string) => `"model":"${endpoint}/${model}"`);
}

const CHAT_PATH = "/v1/chat/completions";

/** A header's value when it is one non-empty string. */
const headerText = (v: string | string[] | undefined): string | undefined =>
  typeof v === "string" && v !== "" ? v : undefined;

/** The chat options a caller's request carries, or undefined when it carries none (the fast path). */
function chatOptions(bodyText: string | undefined, headers: IncomingHttpHeaders): ChatOptions | undefined {
  const residency = headerText(headers[RESIDENCY_HEADER]);
  const requestId = headerText(headers["x-request-id"]);
  const minTier = headerText(headers[MIN_TIER_HEADER]);
  if (bodyText === undefined && residency === undefined && requestId === undefined && minTier === undefined)
    return undefined;
  const o: ChatOptions = {};
  if (bodyText !== undefined) o.bodyText = bodyText;
  if (residency !== undefined) o.residency = residency;
  if (requestId !== undefined) o.requestId = requestId;
  if (minTier !== undefined) o.minTier = minTier as Tier;
  return o;
}

/** A caller's x-faultline-min-tier that names no tier, as an OpenAI-shaped 400 body; null when it is fine. */
function badMinTier(headers: IncomingHttpHeaders): string | null {
  const minTier = headerText(headers[MIN_TIER_HEADER]);
  if (minTier === undefined || minTier in TIERS) return null;
  const message =
    `${MIN_TIER_HEADER}: ${JSON.stringify(minTier).slice(0, 40)} is not a tier; ` +
    `use one of ${Object.keys(TIERS).join(", ")}`;
  return JSON.stringify({ error: { message, type: "invalid_request_error", param: MIN_TIER_HEADER, code: null } });
}
const NO_BASE_HEADERS = Object.freeze({});

/**
 * Starts the OpenAI-compatible failover gateway: /v1/chat/completions, /v1/models, /metrics, /status.
 * A request goes to its model's chain (config.models) or to the chain for every model (config.endpoints).
 */
export async function startGateway(options: {
  config: GatewayConfig;
  port?: number;
  host?: string;
  onEvent?: (e: RoutingEvent) => void;
  limits?: Partial<GatewayLimits>;
  /** Receives one record per routing decision, for a routing ledger (`faultline gateway --ledger <file>`). */
  onDecision?: (d: RoutingDecision) => void;
}): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const limits: GatewayLimits = Object.freeze({ ...GATEWAY_LIMITS, ...options.limits });
  let metrics: GatewayMetrics | null = null;
  const groups = new ModelGroups(
    options.config,
    (e) => {
      metrics?.onEvent(e);
      options.onEvent?.(e);
    },
    options.onDecision
  );
  metrics = new GatewayMetrics({ status: () => groups.metricsStatus() });
  // Each answer names its tier when the config declares any (a header only then: it costs every answer bytes).
  const tiered = groups.endpoints().filter((e) => e.tier !== undefined).length > 0;
  const tierHeaders = new Map(
    tiered ? groups.endpoints().map((e) => [e.name, { [TIER_HEADER]: e.tier ?? "full" }]) : []
  );

  /**
   * Records a finished request. Called after res.end(), which has already
   * written the answer to the socket, so the metrics are not the caller's latency.
   */
  function record(
    out: ChatOutcome,
    started: number,
    label: string,
    outcome = out.ok ? "ok" : (out.errorClass ?? "error")
  ): void {
    const endpoint = out.servedBy === null || label === "" ? out.servedBy : label + out.servedBy;
    metrics!.onRequest(endpoint, outcome, (performance.now() - started) / 1000, out.attempts);
  }

  async function chat(
    res: ServerResponse,
    body: unknown,
    bodyText: string | undefined,
    headers: IncomingHttpHeaders
  ): Promise<void> {
    const started = performance.now();
    const invalid = validateChatRequest(body);
    const badTier = invalid ? null : badMinTier(headers);
    if (invalid || badTier) {
      res.writeHead(400, JSON_HEADERS);
      res.end(badTier ?? JSON.stringify(invalid));
      return;
    }
    const request = body as Record<string, unknown>;
    const route = groups.routeFor(request.model);
    if (route === null) return writeUnknownModel(res, request.model, groups.modelNames);
    const client = route.client;
    const opts = chatOptions(bodyText, headers);
    if (request.stream === true) return streamReply(res, request, started, opts, route);
    // The client forwards the caller's JSON as is when the model is unchanged.
    const out = await client.chat(request, opts);
    if (!out.ok) writeError(res, out);
    else {
      res.writeHead(200, {
        ...JSON_HEADERS,
        "x-faultline-endpoint": out.servedBy!,
        "x-faultline-attempts": String(out.attempts),
        ...tierHeaders.get(out.servedBy!),
      });
      res.end(renameModel(out.bodyText!, out.servedBy!));
    }
    record(out, started, route.label);
  }

  async function streamReply(
    res: ServerResponse,
    body: Record<string, unknown>,
    started: number,
    opts: ChatOptions | undefined,
    route: ModelRoute
  ): Promise<void> {
    const client = route.client;
    let opened = false;
    // The caller's side of a stream: a caller that went away, or stopped reading while the
    // upstream kept writing, ends the request; the upstream attempt is cancelled with it and
    // the endpoint is not blamed (the client counts a cancelled attempt as neutral).
    const caller = new AbortController();
    let slow = false;
    const onClose = () => caller.abort();
    res.once("close", onClose);
    const out = await client.chat(body, {
      ...opts,
      signal: caller.signal,
      onChunk: (line, endpoint, attempts) => {
        if (res.destroyed) return;
        if (!opened) {
          opened = true;
          res.writeHead(200, {
            "content-type": "text/event-stream",
            "cache-control": "no-cache",
            "x-faultline-endpoint": endpoint,
            "x-faultline-attempts": String(attempts),
            ...tierHeaders.get(endpoint),
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
      record(out, started, route.label, slow ? "caller_backlog" : "caller_gone");
      return;
    }
    // Nothing reached the caller yet: answer with a plain JSON error.
    if (!opened) writeError(res, out);
    // [DONE] only after a complete answer; a failed stream already carries an error frame.
    else res.end(out.ok ? "data: [DONE]\n\n" : undefined);
    record(out, started, route.label);
  }

  // The chat route is served straight from node:http (see fastRouteServer): fastify's
  // per-request machinery was most of what the gateway added to a request.
  const chatRoute: FastRoute = {
    matches: (method, url) => method === "POST" && (url === CHAT_PATH || url.startsWith(`${CHAT_PATH}?`)),
    body: "json",
    handle: (req, res, body, _base, text) => {
      // Nothing a caller sends may take the gateway down; an answer already under way is cut, not faked.
      chat(res, body, text, req.headers).catch(() => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, JSON_HEADERS);
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
      baseHeaders: () => NO_BASE_HEADERS,
    }),
    // Routes other than the chat route take small bodies only.
    bodyLimit: 1024 * 1024,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  });

  app.get("/v1/models", async () => ({
    object: "list",
    data: groups.modelList(),
  }));
  app.get("/status", async () => groups.status());
  app.get("/health", async () => ({ ok: true }));
  app.get("/metrics", async (_req, reply) =>
    reply.type(metrics!.registry.contentType).send(await metrics!.registry.metrics())
  );

  groups.start();
  const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  // No engine tuning here: a library must not change its embedder's process (`faultline gateway` does).
  return {
    url: address,
    port,
    close: async () => {
      await app.close();
      await groups.close();
    },
  };
}
