import Fastify, { type FastifyReply } from "fastify";
import { performance } from "node:perf_hooks";
import { createFailoverClient } from "../client.js";
import type { ChatOutcome, FailoverClientConfig, RoutingEvent } from "../types.js";
import { GatewayMetrics } from "./metrics.js";

const MODEL_FIELD = /"model"\s*:\s*"((?:[^"\\]|\\.)*)"/;
/** The response's model names the endpoint that answered: `<endpoint>/<model>`. */
function renameModel(text: string, endpoint: string): string {
  return text.replace(MODEL_FIELD, (_m, model: string) => `"model":"${endpoint}/${model}"`);
}

const STATUS_BY_CLASS: Record<string, number> = { deadline: 504, timeout: 504, no_endpoint: 503, budget: 503, http_429: 429, connect: 502, http_5xx: 502, stream_cut: 502, stream_stall: 504, malformed: 502 };

function errorReply(reply: FastifyReply, out: ChatOutcome): void {
  const status = out.errorClass === "http_4xx" && out.status ? out.status : STATUS_BY_CLASS[out.errorClass ?? ""] ?? 502;
  reply.code(status).header("x-faultline-attempts", String(out.attempts));
  if (out.servedBy) reply.header("x-faultline-endpoint", out.servedBy);
  // A provider's own 4xx (content policy, bad request) passes through with its reason.
  if (out.errorClass === "http_4xx" && out.bodyText) { reply.type("application/json").send(out.bodyText); return; }
  reply.send({ error: { message: out.error, type: out.errorClass, code: out.errorClass } });
}

/** Starts the OpenAI-compatible failover gateway: /v1/chat/completions, /v1/models, /metrics, /status. */
export async function startGateway(options: { config: FailoverClientConfig; port?: number; host?: string; onEvent?: (e: RoutingEvent) => void }): Promise<{ url: string; port: number; close(): Promise<void> }> {
  let metrics: GatewayMetrics | null = null;
  const client = createFailoverClient(options.config, { onEvent: (e) => { metrics?.onEvent(e); options.onEvent?.(e); } });
  metrics = new GatewayMetrics(client);
  const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024, keepAliveTimeout: 30_000 });
  // Keep the raw JSON next to the parsed body: the client forwards it as is when the model is unchanged.
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, text, done) => {
    try { (req as unknown as { rawText: string }).rawText = text as string; done(null, JSON.parse(text as string)); } catch (err) {
      (err as { statusCode?: number }).statusCode = 400;
      done(err as Error, undefined);
    }
  });

  app.post("/v1/chat/completions", async (req, reply) => {
    const started = performance.now();
    const body = req.body as Record<string, unknown>;
    if (typeof body !== "object" || body === null || !Array.isArray(body.messages)) {
      return reply.code(400).send({ error: { message: "messages: a chat completion request needs a messages array", type: "invalid_request_error" } });
    }
    const bodyText = (req as unknown as { rawText?: string }).rawText;
    if (body.stream === true) return streamReply(reply, body, started, bodyText);
    const out = await client.chat(body, bodyText === undefined ? undefined : { bodyText });
    metrics!.onRequest(out.servedBy, out.ok ? "ok" : out.errorClass ?? "error", (performance.now() - started) / 1000, out.attempts);
    if (!out.ok) return errorReply(reply, out);
    reply.header("x-faultline-endpoint", out.servedBy!).header("x-faultline-attempts", String(out.attempts)).type("application/json");
    return reply.send(renameModel(out.bodyText!, out.servedBy!));
  });

  async function streamReply(reply: FastifyReply, body: Record<string, unknown>, started: number, bodyText: string | undefined): Promise<void> {
    const raw = reply.raw;
    let opened = false;
    reply.hijack();
    const out = await client.chat(body, {
      ...(bodyText === undefined ? {} : { bodyText }),
      onChunk: (line, endpoint, attempts) => {
        if (!opened) {
          opened = true;
          raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-faultline-endpoint": endpoint, "x-faultline-attempts": String(attempts) });
        }
        raw.write(`data: ${renameModel(line, endpoint)}\n\n`);
      },
    });
    metrics!.onRequest(out.servedBy, out.ok ? "ok" : out.errorClass ?? "error", (performance.now() - started) / 1000, out.attempts);
    if (!opened) {
      // Nothing reached the caller yet: answer with a plain JSON error.
      const status = out.errorClass === "http_4xx" && out.status ? out.status : STATUS_BY_CLASS[out.errorClass ?? ""] ?? 502;
      raw.writeHead(status, { "content-type": "application/json", "x-faultline-attempts": String(out.attempts), ...(out.servedBy ? { "x-faultline-endpoint": out.servedBy } : {}) });
      raw.end(out.errorClass === "http_4xx" && out.bodyText ? out.bodyText : JSON.stringify({ error: { message: out.error, type: out.errorClass, code: out.errorClass } }));
      return;
    }
    // [DONE] only after a complete answer; a failed stream already carries an error frame.
    raw.end(out.ok ? "data: [DONE]\n\n" : undefined);
  }

  app.get("/v1/models", async () => ({
    object: "list",
    data: options.config.endpoints.map((e) => ({ id: e.model ?? e.name, object: "model", owned_by: e.name, endpoint: e.name })),
  }));
  app.get("/status", async () => client.status());
  app.get("/health", async () => ({ ok: true }));
  app.get("/metrics", async (_req, reply) => reply.type(metrics!.registry.contentType).send(await metrics!.registry.metrics()));

  client.start();
  const address = await app.listen({ port: options.port ?? 8080, host: options.host ?? "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  return { url: address, port, close: async () => { await app.close(); await client.close(); } };
}
