import { MIN_TIER_HEADER, RESIDENCY_HEADER } from "@faultline/contracts";
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { Clock } from "@faultline/core";
import { httpErrorClass, judgeCompletion, StreamJudge, type Verdict } from "./answer-judge.js";
import { outcome, type HttpSystemTarget } from "./http-system-client.js";
import {
  namedLoss,
  sendSignal,
  sessionHeaders,
  type JudgedOutcome,
  type LoadTarget,
  type SendOptions,
} from "./load-target.js";
import { judgeResponse, ResponsesStreamJudge, type ResponseVerdict } from "./response-judge.js";

/** The SDK's own settings; null keeps its default (2 retries, a 10-minute timeout in openai 6). */
export interface SdkSettings {
  maxRetries: number | null;
  timeoutMs: number | null;
}

/**
 * The official openai npm SDK as the system under test: what an application
 * that simply calls the SDK experiences. Its retries and timeouts are its own;
 * each retry reaches a node and is counted there as an attempt.
 */
export class SdkSystemClient implements LoadTarget {
  private readonly sdk: OpenAI;

  constructor(
    private readonly target: HttpSystemTarget,
    settings: SdkSettings,
    private readonly clock: Clock
  ) {
    this.sdk = new OpenAI({
      baseURL: target.url,
      apiKey: process.env["OPENAI_API_KEY"] ?? "sk-faultline-test",
      defaultHeaders: target.headers,
      ...(settings.maxRetries === null ? {} : { maxRetries: settings.maxRetries }),
      ...(settings.timeoutMs === null ? {} : { timeout: settings.timeoutMs }),
    });
  }

  async chat(body: Record<string, unknown>, o: SendOptions): Promise<JudgedOutcome> {
    const params = (this.target.model
      ? { ...body, model: this.target.model }
      : body) as unknown as OpenAI.Chat.ChatCompletionCreateParams;
    const signal = sendSignal(o);
    const headers: Record<string, string> = { "x-request-id": o.requestId, ...sessionHeaders(o) };
    if (o.residency !== null) headers[RESIDENCY_HEADER] = o.residency;
    if (o.minTier !== null) headers[MIN_TIER_HEADER] = o.minTier;
    const requestOptions = { signal, headers };
    if (o.api === "responses") return namedLoss(await this.respond(body, requestOptions, o.deadlineMs));
    let firstByteAt: number | null = null;
    const judge = new StreamJudge();
    let streaming = false;
    try {
      if (body.stream === true) {
        const stream = await this.sdk.chat.completions.create(
          { ...params, stream: true } as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
          requestOptions
        );
        streaming = true;
        for await (const chunk of stream) {
          firstByteAt ??= this.clock.now();
          judge.onChunk(chunk);
        }
        return outcome(judge.verdict(), 200, null, firstByteAt);
      }
      const completion = await this.sdk.chat.completions.create(
        { ...params, stream: false } as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
        requestOptions
      );
      firstByteAt = this.clock.now();
      return outcome(judgeCompletion(completion), 200, null, firstByteAt);
    } catch (err) {
      return outcome(
        classify(err, signal, o.deadlineMs, streaming, judge),
        err instanceof APIError && typeof err.status === "number" ? err.status : streaming ? 200 : null,
        null,
        firstByteAt
      );
    }
  }

  /** One Responses API turn through the SDK's responses.create, whole or streamed. */
  private async respond(
    body: Record<string, unknown>,
    requestOptions: { signal: AbortSignal; headers: Record<string, string> },
    deadlineMs: number
  ): Promise<JudgedOutcome> {
    const params = (this.target.model ? { ...body, model: this.target.model } : body) as Record<string, unknown>;
    const judge = new ResponsesStreamJudge();
    let firstByteAt: number | null = null;
    let streaming = false;
    const answered = (v: ResponseVerdict, status: number): JudgedOutcome => {
      const out = outcome(v, status, null, firstByteAt);
      if (v.response !== undefined) out.body = v.response;
      return out;
    };
    try {
      if (body.stream === true) {
        const events = await this.sdk.responses.create(
          { ...params, stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming,
          requestOptions
        );
        streaming = true;
        for await (const event of events) {
          firstByteAt ??= this.clock.now();
          judge.onData(JSON.stringify(event));
        }
        return answered(judge.verdict(), 200);
      }
      const response = await this.sdk.responses.create(
        { ...params, stream: false } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
        requestOptions
      );
      firstByteAt = this.clock.now();
      return answered(judgeResponse(response), 200);
    } catch (err) {
      const out = outcome(
        classify(err, requestOptions.signal, deadlineMs, streaming, judge),
        err instanceof APIError && typeof err.status === "number" ? err.status : streaming ? 200 : null,
        null,
        firstByteAt
      );
      if (err instanceof APIError && typeof err.code === "string") out.bodyText = JSON.stringify({ error: err.error });
      return out;
    }
  }

  endpointStates(): [] {
    return [];
  }

  async close(): Promise<void> {}
}

/** The SDK's exceptions in faultline's failure classes. */
function classify(
  err: unknown,
  signal: AbortSignal,
  deadlineMs: number,
  streaming: boolean,
  judge: { tokensSoFar(): number }
): Verdict {
  const tokens = { completionTokens: judge.tokensSoFar(), promptTokens: 0, text: null };
  if (signal.aborted || err instanceof APIUserAbortError)
    return {
      ok: false,
      errorClass: "deadline",
      error: `no whole answer within the ${deadlineMs} ms deadline`,
      ...tokens,
    };
  if (err instanceof APIConnectionTimeoutError)
    return { ok: false, errorClass: "timeout", error: "the SDK's own timeout passed", ...tokens };
  if (err instanceof APIConnectionError)
    return { ok: false, errorClass: streaming ? "stream_cut" : "connect", error: err.message, ...tokens };
  if (err instanceof APIError && typeof err.status === "number")
    return {
      ok: false,
      errorClass: httpErrorClass(err.status),
      error: `HTTP ${err.status}: ${err.message}`,
      ...tokens,
    };
  // The SDK throws a plain error when a stream's JSON does not parse, or the stream ends mid-event.
  return {
    ok: false,
    errorClass: streaming ? "stream_cut" : "malformed",
    error: (err as Error)?.message ?? String(err),
    ...tokens,
  };
}
