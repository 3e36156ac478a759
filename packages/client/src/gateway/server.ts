import {
  fastRouteServer,
  safeRequestId,
  standardErrorBody,
  type BaseHeaders,
  type FastRoute,
  type OpenAIErrorBody,
} from "@faultline/core";
import { randomBytes } from "node:crypto";
import Fastify from "fastify";
import type { ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { ChatOptions, ChatOutcome, FailoverClient, GatewayConfig, RoutingEvent } from "../types.js";
import { ModelGroups, type ModelRoute } from "./model-groups.js";
import { GatewayMetrics } from "./metrics.js";
import { GATEWAY_LIMITS, type GatewayLimits } from "./limits.js";
import { validateChatRequest } from "./validate-request.js";
import { validateResponsesRequest } from "./validate-responses-request.js";
import { TranscriptStore } from "../conversations/transcript-store.js";
import { resolveOptions } from "../options.js";
import { JSON_HEADERS, writeError, writeUnknownModel } from "./error-answers.js";
import { lowerTierHeaders, noteOf } from "./tier-headers.js";
import { renameModel, StreamModelRenamer } from "./model-rename.js";
import { FrameBatch } from "./frame-batch.js";
import type { GatewayAccessLine } from "./access-line.js";
import type { RequestTracer } from "../tracing/request-tracer.js";
import {
  MIN_TIER_HEADER,
  RESIDENCY_HEADER,
  SESSION_HEADER,
  TURN_HEADER,
  TIER_HEADER,
  TIERS,
  type RoutingDecision,
  type Tier,
} from "@faultline/contracts";
import type { IncomingHttpHeaders } from "node:http";

const CHAT_PATH = "/v1/chat/completions";
/** OpenAI's Responses API: routed like chat, with conversation backup when a transcript store is configured. */
const RESPONSES_PATH = "/v1/responses";
const isPath = (url: string, path: string): boolean => url === path || url.startsWith(`${path}?`);

/** A header's value when it is one non-empty string. */
const headerText = (v: string | string[] | undefined): string | undefined =>
  typeof v === "string" && v !== "" ? v : undefined;

/**
 * The chat options of a caller's request: its id (the caller's x-request-id, or the gateway's own),
 * its JSON as sent, the residency and minimum tier its headers ask for, and its conversation (session and turn).
 */
function chatOptions(bodyText: string | undefined, headers: IncomingHttpHeaders, base: BaseHeaders): ChatOptions {
  const o: ChatOptions = { requestId: base["x-request-id"]! };
  const residency = headerText(headers[RESIDENCY_HEADER]);
  const minTier = headerText(headers[MIN_TIER_HEADER]);
  if (bodyText !== undefined) o.bodyText = bodyText;
  if (residency !== undefined) o.residency = residency;
  if (minTier !== undefined) o.minTier = minTier as Tier;
  // A conversation's identity goes on to the nodes (their per-session prefix cache) and to `affinity: header`.
  const session = headerText(headers[SESSION_HEADER]);
  if (session !== undefined) {
    const turn = headerText(headers[TURN_HEADER]);
    o.headers = turn === undefined ? { [SESSION_HEADER]: session } : { [SESSION_HEADER]: session, [TURN_HEADER]: turn };
  }
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

/**
 * Starts the OpenAI-compatible failover gateway: /v1/chat/completions, /v1/responses, /v1/models, /metrics, /status.
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
  /** Told of every chat request once it is answered (the CLI's access log); nothing is built when absent. */
  onAccess?: (line: GatewayAccessLine) => void;
  /** Exports a span per request and per attempt over OTLP/HTTP; the caller owns it (shuts it down after close). */
  tracer?: RequestTracer;
  /** Adds prom-client's process metrics to /metrics; `faultline gateway` does, a library embedder decides. */
  processMetrics?: boolean;
}): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const limits: GatewayLimits = Object.freeze({ ...GATEWAY_LIMITS, ...options.limits });
  let metrics: GatewayMetrics | null = null;
  // One transcript store for every model group, from the gateway-wide options (`--conversations` sets it).
  const top = resolveOptions(options.config.strategy, options.config.options ?? {});
  const conversations =
    top.conversationStore === ""
      ? null
      : TranscriptStore.open(top.conversationStore, {
          maxTranscripts: top.conversationMaxTranscripts,
          maxAgeMs: top.conversationMaxAgeMs,
        });
  const groups = new ModelGroups(options.config, {
    ...(conversations ? { conversations } : {}),
    onEvent: (e) => {
      metrics?.onEvent(e);
      options.onEvent?.(e);
    },
    onAttempt: (a) => metrics?.onAttempt(a),
    ...(options.onDecision ? { onDecision: options.onDecision } : {}),
    ...(options.tracer ? { tracer: options.tracer } : {}),
  });
  metrics = new GatewayMetrics({ status: () => groups.metricsStatus() }, options.processMetrics === true);
  const onAccess = options.onAccess;
  // Ids the gateway gives requests that came without a usable one: unique across restarts, cheap per request.
  const idPrefix = `gw-${randomBytes(4).toString("hex")}-`;
  let nextId = 0;
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
    base: BaseHeaders,
    status: number,
    outcome = out.ok ? "ok" : (out.errorClass ?? "error")
  ): void {
    const endpoint = out.servedBy === null || label === "" ? out.servedBy : label + out.servedBy;
    const seconds = (performance.now() - started) / 1000;
    metrics!.onRequest(endpoint, outcome, seconds, out.attempts);
    onAccess?.({
      requestId: base["x-request-id"]!,
      endpoint,
      status,
      outcome,
      attempts: out.attempts,
      durationMs: Math.round(seconds * 1e6) / 1000,
    });
  }

  /**
   * The checks a request of either API passes before it is routed: its body, the min-tier header and its model.
   * When one fails it answers the caller (400, or the unknown model's 404) and returns null.
   */
  function admit(
    res: ServerResponse,
    body: unknown,
    headers: IncomingHttpHeaders,
    base: BaseHeaders,
    invalidOf: (body: unknown) => OpenAIErrorBody | null
  ): { request: Record<string, unknown>; route: ModelRoute } | null {
    const invalid = invalidOf(body);
    const badTier = invalid ? null : badMinTier(headers);
    if (invalid || badTier) {
      res.writeHead(400, { ...base, ...JSON_HEADERS });
      res.end(badTier ?? JSON.stringify(invalid));
      return null;
    }
    const request = body as Record<string, unknown>;
    const route = groups.routeFor(request.model);
    if (route === null) {
      writeUnknownModel(res, request.model, groups.modelNames, base);
      return null;
    }
    return { request, route };
  }

  async function chat(
    res: ServerResponse,
    body: unknown,
    bodyText: string | undefined,
    headers: IncomingHttpHeaders,
    base: BaseHeaders
  ): Promise<void> {
    const started = performance.now();
    const admitted = admit(res, body, headers, base, validateChatRequest);
    if (admitted === null) return;
    const { request, route } = admitted;
    const client = route.client;
    const opts = chatOptions(bodyText, headers, base);
    if (request.stream === true) return streamReply(res, request, started, opts, route, base);
    // The client forwards the caller's JSON as is when the model is unchanged.
    const out = await client.chat(request, opts);
    writeAnswer(res, out, base);
    record(out, started, route.label, base, res.statusCode);
  }

  /** A whole answer, the maintenance message (an OpenAI-shaped answer naming its tier), or the error it ended with. */
  function writeAnswer(res: ServerResponse, out: ChatOutcome, base: BaseHeaders): void {
    const lower = lowerTierHeaders(noteOf(out), out);
    if (out.errorClass === "maintenance" && out.status === 200) {
      res.writeHead(200, { ...base, ...JSON_HEADERS, "x-faultline-attempts": String(out.attempts), ...lower });
      res.end(out.bodyText);
      return;
    }
    if (!out.ok) return writeError(res, out, base, lower);
    res.writeHead(200, {
      ...base,
      ...JSON_HEADERS,
      "x-faultline-endpoint": out.servedBy!,
      "x-faultline-attempts": String(out.attempts),
      ...tierHeaders.get(out.servedBy!),
      ...lower,
    });
    res.end(renameModel(out.bodyText!, out.servedBy!));
  }

  /** One turn of OpenAI's Responses API (client.respond: owner first, then the transcript elsewhere). */
  async function responses(res: ServerResponse, body: unknown, headers: IncomingHttpHeaders, base: BaseHeaders) {
    const started = performance.now();
    const admitted = admit(res, body, headers, base, validateResponsesRequest);
    if (admitted === null) return;
    const { request, route } = admitted;
    const opts = chatOptions(undefined, headers, base);
    // A Responses stream has no [DONE]: response.completed ends it.
    if (request.stream === true) return streamReply(res, request, started, opts, route, base, route.client.respond, "");
    const out = await route.client.respond(request, opts);
    writeAnswer(res, out, base);
    record(out, started, route.label, base, res.statusCode);
  }

  async function streamReply(
    res: ServerResponse,
    body: Record<string, unknown>,
    started: number,
    opts: ChatOptions,
    route: ModelRoute,
    base: BaseHeaders,
    send: FailoverClient["chat"] = route.client.chat,
    done = "data: [DONE]\n\n"
  ): Promise<void> {
    let opened = false;
    // The caller's side of a stream: a caller that went away, or stopped reading while the
    // upstream kept writing, ends the request; the upstream attempt is cancelled with it and
    // the endpoint is not blamed (the client counts a cancelled attempt as neutral).
    const caller = new AbortController();
    let slow = false;
    const onClose = () => caller.abort();
    res.once("close", onClose);
    // The frames of one upstream read, written to the caller in one write at the client's onFlush: one chunk of
    // the caller's chunked body per read, where a write per frame cost its own chunk and its share of a writev.
    const batch = new FrameBatch();
    const renamer = new StreamModelRenamer();
    const out = await send(body, {
      ...opts,
      signal: caller.signal,
      onFlush: () => {
        if (res.destroyed) return;
        const bytes = batch.take();
        if (bytes === null) return;
        if (!res.write(bytes) && res.writableLength > limits.callerBacklogBytes) {
          slow = true;
          caller.abort();
        }
      },
      onChunk: (line, endpoint, attempts, note) => {
        if (res.destroyed) return;
        if (!opened) {
          opened = true;
          res.writeHead(200, {
            ...base,
            "content-type": "text/event-stream",
            "cache-control": "no-cache",
            ...(endpoint ? { "x-faultline-endpoint": endpoint } : {}),
            "x-faultline-attempts": String(attempts),
            ...tierHeaders.get(endpoint),
            ...lowerTierHeaders(note),
          });
        }
        // The maintenance message comes from no endpoint: its model is the caller's, not renamed.
        batch.addPayload(endpoint ? renamer.rename(line, endpoint) : line);
      },
      // Token frames the client passed on undecoded (the stream's first frame came through onChunk, so the head is
      // out): the renamed text before the content, then the upstream's own bytes.
      onTokenBytes: (shape, bytes, contentStart, payloadEnd, endpoint) => {
        if (res.destroyed) return;
        const prefix = renamer.prefixFor(shape.before, shape.after, endpoint);
        if (prefix !== null) batch.addBytes(prefix, bytes, contentStart, payloadEnd);
        else
          batch.addPayload(renamer.rename(shape.before + bytes.toString("utf8", contentStart, payloadEnd), endpoint));
      },
    });
    res.off("close", onClose);
    if (slow || res.destroyed) {
      res.destroy();
      record(out, started, route.label, base, opened ? 200 : 0, slow ? "caller_backlog" : "caller_gone");
      return;
    }
    // Nothing reached the caller yet: answer with a plain JSON error.
    if (!opened) writeError(res, out, base, lowerTierHeaders(noteOf(out), out));
    // The end marker only after a complete answer (the maintenance message is one); a failed stream already carries
    // an error frame.
    else {
      if ((out.ok || out.errorClass === "maintenance") && done !== "") batch.addText(done);
      const rest = batch.take();
      if (rest === null) res.end();
      else res.end(rest);
    }
    record(out, started, route.label, base, res.statusCode);
  }

  // The chat route is served straight from node:http (see fastRouteServer): fastify's
  // per-request machinery was most of what the gateway added to a request.
  const chatRoute: FastRoute = {
    matches: (method, url) => method === "POST" && (isPath(url, CHAT_PATH) || isPath(url, RESPONSES_PATH)),
    body: "json",
    handle: (req, res, body, base, text) => {
      const answer = isPath(req.url ?? "", RESPONSES_PATH)
        ? responses(res, body, req.headers, base)
        : chat(res, body, text, req.headers, base);
      // Nothing a caller sends may take the gateway down; an answer already under way is cut, not faked.
      answer.catch(() => {
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
    data: groups.modelList(),
  }));
  app.get("/status", async () => groups.status());
  app.get("/health", async () => ({ ok: true }));
  app.get("/metrics", async (_req, reply) =>
    reply.type(metrics!.registry.contentType).send(await metrics!.registry.metrics())
  );

  groups.start();
  const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? "127.0.0.1" }).catch((err) => {
    // Not listening: nothing will close the transcript file but this.
    conversations?.close();
    throw err;
  });
  const port = (app.server.address() as { port: number }).port;
  // No engine tuning here: a library must not change its embedder's process (`faultline gateway` does).
  return {
    url: address,
    port,
    close: async () => {
      await app.close();
      await groups.close();
      conversations?.close();
    },
  };
}
