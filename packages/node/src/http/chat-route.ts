import { performance } from "node:perf_hooks";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { SimNode } from "../sim-node.js";
import type { Admission, RequestFacts } from "../faults/fault-kind.js";
import { createSequence, type TokenSink } from "../gpu/sequence.js";
import { completionText, estimateTokens, TOKENS } from "../gpu/token-text.js";
import { parseChatRequest, type ChatRequest } from "./chat-request.js";
import { errorBody, type OpenAIErrorBody } from "./openai-errors.js";
import { NOT_READY, QUEUE_FULL, sendError, sendRawError } from "./replies.js";
import { ChunkFrames, usageJson, type Usage } from "./sse.js";
import { StreamSink } from "./stream-sink.js";
import { applyVerdict } from "./verdicts.js";

const modelJsonCache = new Map<string, string>();
function modelJson(model: string): string {
  let j = modelJsonCache.get(model);
  if (j === undefined) { j = JSON.stringify(model); if (modelJsonCache.size < 64) modelJsonCache.set(model, j); }
  return j;
}

/** Handles POST /v1/chat/completions on a simulated node. */
export function chatHandler(node: SimNode): (req: FastifyRequest, reply: FastifyReply) => void {
  return (req, reply) => {
    const chat = parseChatRequest(req.body);
    if ("error" in chat) return sendError(reply, 400, chat);
    const p = node.profile;
    const promptTokens = estimateTokens(chat.promptChars);
    if (promptTokens + (chat.maxTokens ?? 1) > p.maxContext) {
      return sendError(reply, 400, errorBody(
        `This model's maximum context length is ${p.maxContext} tokens. However, you requested ${promptTokens + (chat.maxTokens ?? 0)} tokens ` +
        `(${promptTokens} in the messages, ${chat.maxTokens ?? 0} in the completion). Please reduce the length of the messages or completion.`,
        "invalid_request_error", "context_length_exceeded", "messages"));
    }
    const facts: RequestFacts = { model: chat.model, stream: chat.stream };
    const decision = node.faults.decide(facts);
    if (decision.delayMs === 0) return act(node, req, reply, chat, facts, promptTokens, decision.verdict);
    setTimeout(() => {
      if (!req.raw.socket?.destroyed) act(node, req, reply, chat, facts, promptTokens, decision.verdict);
    }, decision.delayMs);
  };
}

function act(node: SimNode, req: FastifyRequest, reply: FastifyReply, chat: ChatRequest, facts: RequestFacts, promptTokens: number,
  verdict: Exclude<Admission, { type: "delay" }> | undefined): void {
  if (verdict === undefined) {
    if (!node.ready()) return sendError(reply, 503, NOT_READY, { "retry-after": "1" });
    return generate(node, req, reply, chat, facts, promptTokens);
  }
  node.metrics.failed(verdict.type === "respond" ? verdict.status : 0);
  applyVerdict(req, reply, verdict, chat.stream);
}

function generate(node: SimNode, req: FastifyRequest, reply: FastifyReply, chat: ChatRequest, facts: RequestFacts, promptTokens: number): void {
  const p = node.profile;
  const cached = chat.prefixKey !== undefined && node.prefixCache.hit(chat.prefixKey) ? Math.min(estimateTokens(chat.prefixChars), promptTokens - 1) : 0;
  const shape = node.faults.shape(facts);
  const maxTokens = chat.maxTokens ?? Math.min(p.defaultMaxTokens, Math.max(1, p.maxContext - promptTokens));
  const usage: Usage = { prompt: promptTokens, completion: 0, cached };
  const textStart = Math.floor(node.rng.next() * TOKENS.length);
  const t0 = performance.now();
  const id = `chatcmpl-${req.id}`;
  const created = Math.floor(Date.now() / 1000);
  const onEnd = (ok: boolean, status: number, reason: string): void => {
    if (ok) node.metrics.finished(performance.now() - t0, usage.prompt, usage.completion);
    else node.metrics.failed(status);
  };
  let sink: TokenSink;
  if (chat.stream) {
    reply.hijack();
    sink = new StreamSink(reply.raw, reply.getHeaders(), new ChunkFrames(id, created, modelJson(chat.model)), textStart, shape, chat.includeUsage, usage, onEnd);
  } else {
    sink = {
      onToken: () => true,
      onFinish: (reason) => {
        usage.completion = maxTokens;
        reply.type("application/json; charset=utf-8").send(
          `{"id":"${id}","object":"chat.completion","created":${created},"model":${modelJson(chat.model)},"system_fingerprint":null,` +
          `"choices":[{"index":0,"message":{"role":"assistant","content":${JSON.stringify(completionText(textStart, maxTokens))}},"logprobs":null,"finish_reason":"${reason}"}],` +
          `"usage":${usageJson(usage)}}`);
        onEnd(true, 200, reason);
      },
      onFail: (status: number, body: OpenAIErrorBody) => { sendError(reply, status, body); onEnd(false, status, "failed"); },
    };
  }
  const seq = createSequence(promptTokens, promptTokens - cached, maxTokens, chat.maxTokens === undefined ? "stop" : "length", shape?.itlFactor ?? 1, sink);
  if (!node.engine.submit(seq)) {
    node.metrics.failed(429);
    if (chat.stream) sendRawError(reply.raw, reply.getHeaders(), 429, QUEUE_FULL.body, QUEUE_FULL.headers);
    else sendError(reply, 429, QUEUE_FULL.body, QUEUE_FULL.headers);
    return;
  }
  // The client went away: free the batch slot and KV, as vLLM aborts a disconnected request.
  if (!seq.done) reply.raw.once("close", () => node.engine.abort(seq));
}
