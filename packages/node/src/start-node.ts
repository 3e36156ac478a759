import { NodeErrorCodes, nodeError } from "./errors.js";
import { PROFILE_MODELS } from "./profiles/catalog.js";
import { resolveProfile } from "./profiles/resolve.js";
import { SimNode, type CrashHandler } from "./sim-node.js";
import { personaOf } from "./personas/registry.js";
import { MESSAGES_PATH, parseMessagesRequest } from "./http/messages-api.js";
import { parseResponsesRequest, RESPONSES_PATH } from "./responses/responses-request.js";
import { checkNodeOptions, NODE_DEFAULTS, type NodeOptions } from "./node-options.js";
import { createApp } from "./http/create-app.js";
import { generateAdminToken } from "./http/auth.js";
import { chatHandler } from "./http/chat-route.js";
import { withAccessLog } from "./http/access-log.js";
import { registerInfoRoutes } from "./http/info-routes.js";
import { registerAdminRoutes } from "./http/admin-routes.js";
import type { FastifyInstance } from "fastify";

/** A started node or proxy. */
export interface RunningNode {
  name: string;
  /** http://HOST:PORT (no /v1). */
  url: string;
  port: number;
  adminToken: string;
  /** Stops listening, drops every connection and reverts every fault. */
  close(): Promise<void>;
}

/** Hooks the child entry passes in; not part of NodeOptions. */
export interface NodeHooks {
  /** Replaces the in-process crash (drop the server) with a real process exit. */
  crash?: CrashHandler;
}

/** Listens, naming the field when the port or host is unusable. */
export async function listen(app: FastifyInstance, port: number, host: string): Promise<number> {
  try {
    await app.listen({ port, host });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const field = code === "EADDRINUSE" || code === "EACCES" ? "port" : "host";
    throw nodeError(
      NodeErrorCodes.LISTEN_FAILED,
      `${field}: cannot listen on ${host}:${port} (${code ?? String(err)})`,
      field
    );
  }
  const address = app.server.address();
  return typeof address === "object" && address ? address.port : port;
}

/** Starts a simulated inference node: OpenAI API, health, metrics and the admin fault API. */
export async function startNode(options: NodeOptions, hooks: NodeHooks = {}): Promise<RunningNode> {
  checkNodeOptions(options);
  const profile = resolveProfile(options.profile, options.overrides);
  const host = options.host ?? NODE_DEFAULTS.host;
  const adminToken = options.adminToken ?? generateAdminToken();
  const node = new SimNode(
    options.name,
    options.profile,
    profile,
    PROFILE_MODELS[options.profile]!,
    options.seed ?? NODE_DEFAULTS.seed,
    options.onEvent,
    options.onAttempts,
    options.clock
  );
  node.persona = personaOf(options.persona);
  // The access log wraps a handler only when someone listens: no measuring otherwise.
  const logged = (h: ReturnType<typeof chatHandler>) => (options.onAccess ? withAccessLog(h, options.onAccess) : h);
  const chat = logged(chatHandler(node));
  // Only an anthropic node also speaks Anthropic's Messages API; elsewhere /v1/messages is an unknown route.
  const messages = node.persona.name === "anthropic" ? logged(chatHandler(node, parseMessagesRequest)) : null;
  // Every node keeps stored conversations (the provider-owned state a failover loses), whatever its persona.
  const responses = logged(chatHandler(node, (body) => parseResponsesRequest(body, node.responses)));
  const isPath = (url: string, path: string): boolean => url === path || url.startsWith(`${path}?`);
  const handlerFor = (url: string): ReturnType<typeof chatHandler> | null =>
    isPath(url, "/v1/chat/completions")
      ? chat
      : isPath(url, RESPONSES_PATH)
        ? responses
        : messages !== null && isPath(url, MESSAGES_PATH)
          ? messages
          : null;
  if (options.processMetrics) node.metrics.includeProcessMetrics();
  const app = createApp(options.name, {
    matches: (method, url) => method === "POST" && handlerFor(url) !== null,
    body: "json",
    handle: (req, res, body, base) => handlerFor(req.url ?? "")!(req, res, body, base),
  });
  registerInfoRoutes(app, node);
  registerAdminRoutes(
    app,
    {
      faults: node.faults,
      isProxy: false,
      emit: (k, d) => node.emit(k, d),
      state: () => {
        const cpu = process.cpuUsage();
        return {
          name: node.name,
          profile: node.profileName,
          mode: "simulator",
          persona: node.persona.name,
          live: node.live(),
          ready: node.ready(),
          faults: node.faults.describe(),
          running: node.engine.runningCount,
          waiting: node.engine.waitingCount,
          gpu: {
            maxBatch: node.engine.limits.maxBatch,
            kvTokens: node.engine.limits.kvTokens,
            kvUsed: node.engine.kvUsed,
            preemptions: node.engine.preemptions,
          },
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
  let closed = false;
  const shutdown = async (detail: Record<string, unknown>): Promise<void> => {
    if (closed) return;
    closed = true;
    node.faults.clear();
    app.server.closeAllConnections();
    await app.close();
    node.attempts?.flush();
    node.emit("exited", detail);
  };
  const close = (): Promise<void> => shutdown({ reason: "closed" });
  node.onCrash =
    hooks.crash ??
    ((restartDelayMs) => {
      // In-process there is no container to restart: the node vanishes (connections drop, port refuses).
      setImmediate(() => void shutdown({ reason: "crash", code: 70, restartDelayMs }));
    });
  const port = await listen(app, options.port ?? NODE_DEFAULTS.port, host);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  node.emit("started", {
    port,
    profile: options.profile,
    persona: node.persona.name,
    model: node.model,
    pid: process.pid,
  });
  return { name: options.name, url: `http://${urlHost}:${port}`, port, adminToken, close };
}
