import { performance } from "node:perf_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimNode } from "../sim-node.js";
import type { Admission, RequestFacts } from "../faults/fault-kind.js";
import { createSequence, type TokenSink } from "../gpu/sequence.js";
import { completionJson, estimateTokens, TOKENS } from "../gpu/token-text.js";
import { parseChatRequest, type ChatRequest } from "./chat-request.js";
import { MessageFrames, messageJson } from "./messages-api.js";
import type { Refusal, ResponsesRequest } from "../responses/responses-request.js";
import { ResponseFrames } from "../responses/response-frames.js";
import { responseJson } from "../responses/response-object.js";
import { newResponseIds, rememberAnswer } from "../responses/remember-answer.js";
import { errorBody, type BaseHeaders, type OpenAIErrorBody } from "@faultline/core";
import { SESSION_HEADER } from "@faultline/contracts";
import { NOT_READY, QUEUE_FULL, sendRawError } from "./replies.js";
import { ChunkFrames, usageJson, type Usage } from "./sse.js";
import { StreamSink } from "./stream-sink.js";
import { continuationStart } from "../gpu/continuation.js";
import { MAX_TIMER_MS } from "../faults/max-timer.js";
import { applyVerdict } from "./verdicts.js";
import type { AttemptTracker } from "../attempt-log.js";

const modelJsonCache = new Map<string, string>();
function modelJson(model: string): string {
  let j = modelJsonCache.get(model);
  if (j === undefined) {
    j = JSON.stringify(model);
    if (modelJsonCache.size < 64) modelJsonCache.set(model, j);
  }
  return j;
}

/** Reads one wire format's request body: the request, its 400 body, or a refusal with another status. */
export type RequestParser = (body: unknown) => ChatRequest | OpenAIErrorBody | Refusal;

/**
 * Handles POST /v1/chat/completions (and, with another parser, Anthropic's POST /v1/messages or OpenAI's POST
 * /v1/responses) on a simulated node (served by the fast route, see fastRouteServer in @faultline/core). Every wire
 * format goes through the same faults, engine and stream sink.
 */
export function chatHandler(
  node: SimNode,
  parse: RequestParser = parseChatRequest
): (req: IncomingMessage, res: ServerResponse, body: unknown, base: BaseHeaders) => void {
  return (req, res, body, base) => {
    if (node.persona.responseHeaders) Object.assign(base, node.persona.responseHeaders());
    const tracker = node.attempts ? trackAttempt(node, res, body, base) : undefined;
    const chat = parse(body);
    if ("error" in chat) return sendRawError(res, base, 400, chat, undefined, node.persona);
    if ("status" in chat) return sendRawError(res, base, chat.status, chat.body, undefined, node.persona);
    const p = node.profile;
    const promptTokens = estimateTokens(chat.promptChars);
    if (promptTokens + (chat.maxTokens ?? 1) > p.maxContext) {
      return sendRawError(
        res,
        base,
        400,
        errorBody(
          `This model's maximum context length is ${p.maxContext} tokens. However, you requested ` +
            `${promptTokens + (chat.maxTokens ?? 0)} tokens ` +
            (`(${promptTokens} in the messages, ${chat.maxTokens ?? 0} in the completion). Please reduce ` +
              `the length of the messages or completion.`),
          "invalid_request_error",
          "context_length_exceeded",
          "messages"
        ),
        undefined,
        node.persona
      );
    }
    const facts: RequestFacts = {
      model: chat.model,
      stream: chat.stream,
      promptTokens,
      maxTokens: chat.maxTokens,
      lastRole: chat.lastRole,
    };
    const decision = node.faults.decide(facts);
    if (tracker) tracker.promptTokens = promptTokens;
    if (decision.delayMs === 0) return act(node, req, res, base, chat, facts, promptTokens, decision.verdict, tracker);
    node.clock.setTimeout(
      () => {
        if (!req.socket.destroyed) act(node, req, res, base, chat, facts, promptTokens, decision.verdict, tracker);
      },
      Math.min(decision.delayMs, MAX_TIMER_MS)
    ); // several latency faults add up
  };
}

/**
 * Starts the node-side record of this attempt. The id is the body's `user`
 * field when there is one (gateways forward the body; they often drop or
 * replace x-request-id), else the x-request-id header.
 */
function trackAttempt(node: SimNode, res: ServerResponse, body: unknown, base: BaseHeaders): AttemptTracker {
  const user = typeof body === "object" && body !== null ? (body as { user?: unknown }).user : undefined;
  const tracker = node.attempts!.begin(typeof user === "string" && user !== "" ? user : (base["x-request-id"] ?? ""));
  res.on("close", () =>
    tracker.end(
      res.headersSent ? res.statusCode : 0,
      // A stream ended by an error event finishes its response cleanly but not its answer: it is logged as cut.
      res.writableFinished && !tracker.stream?.broken ? "complete" : res.headersSent ? "cut" : "reset"
    )
  );
  return tracker;
}

function act(
  node: SimNode,
  req: IncomingMessage,
  res: ServerResponse,
  base: BaseHeaders,
  chat: ChatRequest,
  facts: RequestFacts,
  promptTokens: number,
  verdict: Exclude<Admission, { type: "delay" }> | undefined,
  tracker: AttemptTracker | undefined
): void {
  if (verdict === undefined) {
    if (!node.ready()) return sendRawError(res, base, 503, NOT_READY, { "retry-after": "1" }, node.persona);
    return generate(node, req, res, base, chat, facts, promptTokens, tracker);
  }
  node.metrics.failed(verdict.type === "respond" ? verdict.status : 0);
  applyVerdict(req, res, base, verdict, chat.stream, node.persona);
}

/** The conversation a request belongs to (the x-faultline-session header), if any. */
function sessionOf(req: IncomingMessage): string | undefined {
  const h = req.headers[SESSION_HEADER];
  return typeof h === "string" && h !== "" ? h : undefined;
}

function generate(
  node: SimNode,
  req: IncomingMessage,
  res: ServerResponse,
  base: BaseHeaders,
  chat: ChatRequest,
  facts: RequestFacts,
  promptTokens: number,
  tracker: AttemptTracker | undefined
): void {
  const p = node.profile;
  const session = sessionOf(req);
  // A conversation's own history (per-session cache) covers its first message too; other prompts share prefixes.
  const cached =
    session !== undefined
      ? node.sessions.lookup(session, promptTokens)
      : chat.prefixKey !== undefined && node.prefixCache.hit(chat.prefixKey)
        ? Math.min(estimateTokens(chat.prefixChars), promptTokens - 1)
        : 0;
  node.metrics.prefixLookup(promptTokens, cached);
  const shape = node.faults.shape(facts);
  const maxTokens = chat.maxTokens ?? Math.min(p.defaultMaxTokens, Math.max(1, p.maxContext - promptTokens));
  const usage: Usage = { prompt: promptTokens, completion: 0, cached };
  // A prefill of the simulator's own text is continued where it stopped, as a model at temperature 0 would go on
  // with its earlier answer: a resumed stream then reads as one answer (gpu/splice-check.ts).
  const textStart =
    (chat.prefill !== undefined ? continuationStart(chat.prefill) : undefined) ??
    Math.floor(node.rng.next() * TOKENS.length);
  const t0 = performance.now();
  const anthropic = chat.wire === "anthropic";
  const responses = chat.wire === "responses" ? (chat as ResponsesRequest) : null;
  const ids = responses ? newResponseIds() : null;
  const id = ids?.id ?? `${anthropic ? "msg_" : "chatcmpl-"}${base["x-request-id"]}`;
  const created = Math.floor(Date.now() / 1000);
  const onEnd = (ok: boolean, status: number): void => {
    if (ok) node.metrics.finished(seq, performance.now() - t0);
    else node.metrics.failed(status);
    if (ok && responses) rememberAnswer(node.responses, responses, id, textStart, usage.completion);
    // Prefilled blocks stay cached whatever became of the answer: the next turn (or this one asked again) finds them.
    if (session !== undefined && seq.firstTokenAt >= 0) node.sessions.remember(session, promptTokens + seq.generated);
  };
  let sink: TokenSink;
  if (chat.stream) {
    sink = new StreamSink(
      res,
      base,
      responses
        ? new ResponseFrames(responses, ids!, modelJson(chat.model), textStart, usage)
        : anthropic
          ? new MessageFrames(id, modelJson(chat.model), usage)
          : new ChunkFrames(id, created, modelJson(chat.model)),
      textStart,
      shape,
      chat.includeUsage,
      usage,
      onEnd,
      node.persona,
      node.clock
    );
  } else {
    sink = {
      onToken: () => true,
      onFinish: (reason) => {
        usage.completion = maxTokens;
        const json = responses
          ? responseJson(responses, ids!, modelJson(chat.model), reason, textStart, usage)
          : anthropic
            ? messageJson(id, modelJson(chat.model), textStart, reason, usage)
            : `{"id":"${id}","object":"chat.completion","created":${created},"model":${modelJson(chat.model)},` +
              `"system_fingerprint":null,` +
              `"choices":[{"index":0,"message":{"role":"assistant",` +
              `"content":${completionJson(textStart, maxTokens)}},` +
              `"logprobs":null,"finish_reason":"${reason}"}],` +
              `"usage":${usageJson(usage)}}`;
        // A flat header list skips the per-key object walk. Byte length, not string length: the echoed model name may
        // be non-ASCII.
        const head = [
          "x-request-id",
          base["x-request-id"]!,
          "x-faultline-node",
          base["x-faultline-node"]!,
          "content-type",
          "application/json; charset=utf-8",
          "content-length",
          String(Buffer.byteLength(json)),
        ];
        if (base["request-id"] !== undefined) head.push("request-id", base["request-id"]);
        res.writeHead(200, head);
        res.end(json);
        onEnd(true, 200);
      },
      onFail: (status: number, body: OpenAIErrorBody) => {
        sendRawError(res, base, status, body, undefined, node.persona);
        onEnd(false, status);
      },
    };
  }
  if (tracker) {
    tracker.usage = usage;
    tracker.textStart = textStart;
    if (sink instanceof StreamSink) tracker.stream = sink;
  }
  const seq = createSequence(
    promptTokens,
    promptTokens - cached,
    maxTokens,
    chat.maxTokens === undefined ? "stop" : "length",
    shape?.itlFactor ?? 1,
    sink
  );
  if (!node.engine.submit(seq)) {
    node.metrics.failed(429);
    sendRawError(res, base, 429, QUEUE_FULL.body, QUEUE_FULL.headers, node.persona);
    return;
  }
  // The client went away: free the batch slot and KV, as vLLM aborts a disconnected request.
  if (!seq.done) res.once("close", () => node.engine.abort(seq));
}
