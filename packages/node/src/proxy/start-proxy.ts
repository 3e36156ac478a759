import type { IncomingMessage, ServerResponse } from "node:http";
import { NodeErrorCodes, nodeError } from "../errors.js";
import { ActiveFaults } from "../faults/active-faults.js";
import type { FaultHost, RequestFacts } from "../faults/fault-kind.js";
import { createApp } from "../http/create-app.js";
import { createRandom, errorBody, type BaseHeaders } from "@faultline/core";
import { generateAdminToken } from "../http/auth.js";
import { registerAdminRoutes } from "../http/admin-routes.js";
import { applyVerdict } from "../http/verdicts.js";
import { startCpuLoad } from "../cpu/cpu-load.js";
import { checkListen, NODE_DEFAULTS } from "../node-options.js";
import type { NodeEvent } from "../sim-node.js";
import { listen, type RunningNode } from "../start-node.js";
import { Upstream } from "./upstream.js";
import { MAX_TIMER_MS } from "../faults/max-timer.js";
import { classifyTarget } from "./target.js";
import { sendRawError } from "../http/replies.js";
import { personaOf } from "../personas/registry.js";
import { estimateTokens } from "../gpu/token-text.js";
import { ProxyMetrics } from "./proxy-metrics.js";
import { withAccessLog, type AccessLine } from "../http/access-log.js";

/** How to start a fault-injecting proxy in front of a real OpenAI-compatible server. */
export interface ProxyOptions {
  /** Origin of the real server, e.g. http://127.0.0.1:8000 (a trailing /v1 is ignored). */
  upstream: string;
  port?: number;
  host?: string;
  adminToken?: string;
  /** Name in x-faultline-node and events (default "proxy"). */
  name?: string;
  /** Seed of probability rolls (default 1). */
  seed?: number;
  /**
   * Whose errors the injected faults imitate: one of personaNames() (default "openai"). Upstream answers pass as
   * they are.
   */
  persona?: string;
  onEvent?: (e: NodeEvent) => void;
  /** Told of every forwarded request once its response closes (the CLI's access log). */
  onAccess?: (line: AccessLine) => void;
  /** Adds prom-client's process metrics to the proxy's own /metrics (see NodeOptions.processMetrics). */
  processMetrics?: boolean;
}

function upstreamOrigin(raw: unknown): string {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    url = new URL("invalid:");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw nodeError(
      NodeErrorCodes.UPSTREAM_INVALID,
      `upstream: must be an http(s) URL such as http://127.0.0.1:8000, got ${JSON.stringify(raw)}`,
      "upstream"
    );
  }
  return url.origin;
}

function factsOf(body: unknown): RequestFacts {
  try {
    const b = JSON.parse(String(body)) as {
      model?: unknown;
      stream?: unknown;
      messages?: unknown;
      max_tokens?: unknown;
    };
    const chars = Array.isArray(b.messages)
      ? b.messages.reduce(
          (n: number, m: { content?: unknown }) => n + (typeof m?.content === "string" ? m.content.length : 0),
          0
        )
      : 0;
    return {
      model: typeof b.model === "string" ? b.model : "",
      stream: b.stream === true,
      promptTokens: estimateTokens(chars),
      ...(typeof b.max_tokens === "number" ? { maxTokens: b.max_tokens } : {}),
      ...(Array.isArray(b.messages) && b.messages.length > 0
        ? { lastRole: String((b.messages[b.messages.length - 1] as { role?: unknown })?.role) }
        : {}),
    };
  } catch {
    return { model: "", stream: false };
  }
}

/** Starts a proxy that forwards everything to `upstream` and applies the same admin fault API at the HTTP/SSE level. */
export async function startProxy(options: ProxyOptions): Promise<RunningNode> {
  const origin = upstreamOrigin(options.upstream);
  checkListen(options);
  const name = options.name ?? "proxy";
  const host = options.host ?? NODE_DEFAULTS.host;
  const adminToken = options.adminToken ?? generateAdminToken();
  const upstream = new Upstream(origin);
  const persona = personaOf(options.persona);
  const emit = (kind: string, detail: Record<string, unknown>): void =>
    options.onEvent?.({ epochMs: performance.timeOrigin + performance.now(), node: name, kind, detail });
  let closeProxy: (detail: Record<string, unknown>) => Promise<void> = async () => undefined;
  const faultHost: FaultHost = {
    rng: createRandom(options.seed ?? NODE_DEFAULTS.seed),
    persona,
    startCpuLoad,
    crash: (restartDelayMs) => setImmediate(() => void closeProxy({ reason: "crash", code: 70, restartDelayMs })),
    failInFlight: (status, body) => {
      for (const f of [...upstream.inFlight]) {
        f.abort.abort();
        if (!f.res.headersSent) {
          const reply = persona.reply({ status, body });
          f.res.writeHead(reply.status, { ...reply.headers, "content-type": "application/json" });
          f.res.end(reply.body);
        } else f.res.end(persona.streamError({ status, body }));
      }
    },
  };
  const faults = new ActiveFaults(faultHost, emit);
  const forward = (req: IncomingMessage, res: ServerResponse, raw: unknown, base: BaseHeaders): void => {
    const body = raw as Buffer;
    const url = req.url ?? "/";
    const target = classifyTarget(req.method ?? "", url);
    if (target.type === "refuse")
      return sendRawError(
        res,
        base,
        target.status,
        errorBody(target.message, "invalid_request_error", target.status === 404 ? "not_found" : "invalid_request")
      );
    // `OPTIONS *` asks about this server, not the upstream: answered here, never a 502.
    if (target.type === "options-star") {
      res.writeHead(204, { ...base, allow: "GET, POST, DELETE, OPTIONS" });
      res.end();
      return;
    }
    const facts = req.method === "POST" && url.startsWith("/v1/") && !faults.empty ? factsOf(body) : undefined;
    const decision = facts ? faults.decide(facts) : undefined;
    const go = (): void => {
      if (decision?.verdict) return applyVerdict(req, res, base, decision.verdict, facts!.stream, persona);
      const shape = facts ? faults.shape(facts) : undefined;
      void upstream.forward(
        req.method ?? "GET",
        url,
        req.headers,
        body.length > 0 ? body : undefined,
        res,
        base,
        shape
      );
    };
    if (decision && decision.delayMs > 0)
      setTimeout(
        () => {
          if (!req.socket.destroyed) go();
        },
        Math.min(decision.delayMs, MAX_TIMER_MS)
      );
    else go();
  };
  // Everything but the proxy's own admin and health routes is forwarded, straight from node:http (target.ts).
  const app = createApp(name, {
    matches: (m, url) => classifyTarget(m, url).type !== "own",
    body: "raw",
    handle: options.onAccess ? withAccessLog(forward, options.onAccess) : forward,
  });
  registerAdminRoutes(
    app,
    {
      faults,
      isProxy: true,
      emit,
      state: () => {
        const cpu = process.cpuUsage();
        return {
          name,
          profile: null,
          mode: "proxy",
          persona: persona.name,
          upstream: origin,
          live: faults.live(true),
          ready: faults.ready(true),
          faults: faults.describe(),
          running: upstream.inFlight.size,
          waiting: 0,
          process: {
            pid: process.pid,
            cpuUserUs: cpu.user,
            cpuSystemUs: cpu.system,
            rssBytes: process.memoryUsage.rss(),
          },
        };
      },
    },
    adminToken
  );
  app.get("/health", (_req, reply) => {
    if (faults.live(true)) reply.send({ status: "ok" });
    else reply.code(503).send(errorBody("The engine is not running.", "server_error", "engine_dead"));
  });
  app.get("/health/ready", async (_req, reply) => {
    if (faults.ready(true) && faults.live(true) && (await upstream.reachable())) return reply.send({ status: "ready" });
    return reply.code(503).send(errorBody("The node is not ready.", "server_error", "not_ready"));
  });
  const metrics = new ProxyMetrics(upstream, faults, options.processMetrics === true);
  app.get("/metrics", async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.render()));
  let closed = false;
  closeProxy = async (detail) => {
    if (closed) return;
    closed = true;
    faults.clear();
    app.server.closeAllConnections();
    await app.close();
    await upstream.close();
    emit("exited", detail);
  };
  const port = await listen(app, options.port ?? NODE_DEFAULTS.port, host);
  emit("started", { port, upstream: origin, persona: persona.name, pid: process.pid });
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return { name, url: `http://${urlHost}:${port}`, port, adminToken, close: () => closeProxy({ reason: "closed" }) };
}
