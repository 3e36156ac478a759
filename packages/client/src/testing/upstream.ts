import Fastify from "fastify";
import { sleep, type Clock } from "@faultline/core";

/** How a test upstream answers chat completions. */
export type Mode =
  | "ok"
  | "500"
  | "hang"
  | "429"
  | "reset"
  | "stream-cut"
  | "stall"
  | "no-done"
  | "context"
  | "policy"
  | "malformed"
  | "slow"
  | "huge"
  | "no-newline"
  | "huge-error";

/**
 * A tiny OpenAI-compatible upstream for tests, with a switchable behaviour.
 * It counts the chat requests it saw, so tests can check attempts per endpoint.
 */
export async function startUpstream(
  name: string,
  opts: {
    tokens?: number;
    retryAfter?: string;
    retryAfterMs?: number;
    slowMs?: number;
    healthy?: boolean;
    /** The clock "slow" waits on: a test's fake clock makes the upstream's slowness exact; real time by default. */
    clock?: Clock;
  } = {}
) {
  const state = {
    mode: "ok" as Mode,
    /** When set, the mode holds for this many more requests, then the upstream answers normally again. */
    modeLeft: null as number | null,
    healthy: opts.healthy ?? true,
    requests: 0,
    hungUpOn: 0,
    times: [] as number[],
    bodies: [] as Record<string, unknown>[],
    /** The headers of each chat request, in order. */
    headers: [] as Array<Record<string, string | string[] | undefined>>,
  };
  const tokens = opts.tokens ?? 5;
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.get("/health", async (_req, reply) => (state.healthy ? { ok: true } : reply.code(503).send({ ok: false })));
  app.post("/v1/chat/completions", async (req, reply) => {
    state.requests += 1;
    state.times.push(performance.now());
    const body = req.body as Record<string, unknown>;
    state.headers.push(req.headers);
    state.bodies.push(body);
    const model = String(body.model);
    const mode = state.mode;
    if (state.modeLeft !== null && --state.modeLeft <= 0) {
      state.mode = "ok";
      state.modeLeft = null;
    }
    switch (mode) {
      case "500":
        return reply.code(500).send({ error: { message: "boom" } });
      case "429":
        if (opts.retryAfter) reply.header("retry-after", opts.retryAfter);
        if (opts.retryAfterMs !== undefined) reply.header("retry-after-ms", String(opts.retryAfterMs));
        return reply.code(429).send({ error: { message: "slow down" } });
      case "context":
        return reply.code(400).send({ error: { message: "too long", code: "context_length_exceeded" } });
      case "policy":
        return reply
          .code(400)
          .send({ error: { message: "refused by content_policy: violence", code: "content_policy_violation" } });
      case "hang":
        return new Promise(() => undefined);
      case "reset":
        req.raw.socket.destroy();
        return reply;
      case "malformed":
        return reply.type("application/json").send("{not json");
      case "huge":
      case "no-newline":
      case "huge-error":
        reply.hijack();
        return drip(reply.raw, mode, body.stream === true, () => {
          state.hungUpOn += 1;
        });
      case "slow":
        await sleep(opts.slowMs ?? 100, opts.clock);
        break;
      default:
        break;
    }
    if (body.stream !== true) {
      return {
        id: "c1",
        object: "chat.completion",
        model,
        choices: [{ index: 0, message: { role: "assistant", content: `hello from ${name}` }, finish_reason: "stop" }],
        usage: { prompt_tokens: 3, completion_tokens: tokens },
      };
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { "content-type": "text/event-stream" });
    const frame = (delta: Record<string, unknown>, finish: string | null) => {
      const choices = [{ index: 0, delta, finish_reason: finish }];
      return `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model, choices })}\n\n`;
    };
    raw.write(frame({ role: "assistant" }, null));
    for (let i = 0; i < tokens; i++) {
      await new Promise((r) => raw.write(frame({ content: `${name}${i} ` }, null), r));
      if (i === 1 && mode === "stream-cut") {
        raw.socket?.destroy();
        return;
      }
      if (i === 1 && mode === "stall") return; // never writes again
      await new Promise((r) => setImmediate(r));
    }
    raw.write(frame({}, "stop"));
    if (mode !== "no-done") raw.write("data: [DONE]\n\n");
    raw.end();
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  return { name, state, port, url: `http://127.0.0.1:${port}/v1`, close: () => app.close() };
}

/**
 * An upstream that breaks size limits: an endless 200 body ("huge"), an SSE
 * stream whose one line never ends ("no-newline"), or a 500 with an endless
 * body ("huge-error"). It writes 64 KiB at a time (a streamed "huge" answer:
 * token frames of 1 KB), honouring backpressure, until the client hangs up
 * (`onHangUp`), and never more than 64 MiB (16 MiB for streams).
 */
function drip(
  raw: import("node:http").ServerResponse,
  mode: Mode,
  stream: boolean,
  onHangUp: () => void
): Promise<void> {
  raw.writeHead(mode === "huge-error" ? 500 : 200, {
    "content-type": stream ? "text/event-stream" : "application/json",
  });
  const piece = Buffer.alloc(64 * 1024, mode === "no-newline" ? "x" : " ");
  if (mode === "no-newline") raw.write("data: ");
  else if (mode === "huge" && stream) raw.write(`data: {"choices":[{"delta":{"role":"assistant"}}]}\n\n`);
  return new Promise((resolve) => {
    let sent = 0;
    const more = (): void => {
      while (!raw.destroyed && sent < (mode === "huge" && stream ? 16384 : 1024)) {
        sent += 1;
        const piece2 =
          mode === "huge" && stream ? `data: {"choices":[{"delta":{"content":"${"y".repeat(1000)}"}}]}\n\n` : piece;
        if (!raw.write(piece2)) {
          raw.once("drain", more);
          return;
        }
      }
      raw.end();
      resolve();
    };
    raw.once("close", () => {
      if (!raw.writableFinished) onHangUp();
      resolve();
    });
    more();
  });
}

/** Waits until `condition` holds, polling every few ms; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A chat body. */
export const chatBody = (stream = false): Record<string, unknown> => ({
  model: "llama3-8b",
  messages: [{ role: "user", content: "hi" }],
  stream,
  max_tokens: 16,
});
