import {
  CACHE_HEADER,
  MIN_TIER_HEADER,
  RESIDENCY_HEADER,
  TIER_HEADER,
  TIERS,
  type FailureClass,
  type Tier,
} from "@faultline/contracts";
import { Agent, errors, request } from "undici";
import { createParser } from "eventsource-parser";
import { textDigest, type Clock } from "@faultline/core";
import { httpErrorClass, judgeCompletion, StreamJudge, type Verdict } from "./answer-judge.js";
import {
  namedLoss,
  sendSignal,
  sessionHeaders,
  type JudgedOutcome,
  type LoadTarget,
  type SendOptions,
} from "./load-target.js";
import { judgeResponse, ResponsesStreamJudge, type ResponseVerdict } from "./response-judge.js";

/** Where a black-box system takes requests, with placeholders already filled. */
export interface HttpSystemTarget {
  /** Base URL including /v1. */
  url: string;
  headers: Record<string, string>;
  /** Replaces the body's model when set. */
  model: string | null;
}

/**
 * Sends the load to a black-box system (a gateway or an endpoint) over plain
 * HTTP, and judges every answer itself. One request per call: retries and
 * fallbacks are the system's business, and show up in the nodes' attempt log.
 */
export class HttpSystemClient implements LoadTarget {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: null });
  private readonly completionsUrl: string;
  private readonly responsesUrl: string;

  constructor(
    private readonly target: HttpSystemTarget,
    private readonly clock: Clock
  ) {
    this.completionsUrl = `${target.url.replace(/\/+$/, "")}/chat/completions`;
    this.responsesUrl = `${target.url.replace(/\/+$/, "")}/responses`;
  }

  async chat(body: Record<string, unknown>, o: SendOptions): Promise<JudgedOutcome> {
    const seen: TierSeen = { tier: null, cache: null };
    return namedLoss(stampTier(await this.exchange(body, o, seen), seen));
  }

  private async exchange(body: Record<string, unknown>, o: SendOptions, seen: TierSeen): Promise<JudgedOutcome> {
    const payload = this.target.model ? { ...body, model: this.target.model } : body;
    const stream = body.stream === true;
    let firstByteAt: number | null = null;
    const signal = sendSignal(o);
    let servedBy: string | null = null;
    let status: number | null = null;
    const responses = o.api === "responses";
    const judge = responses ? new ResponsesStreamJudge() : new StreamJudge();
    try {
      const res = await request(responses ? this.responsesUrl : this.completionsUrl, {
        method: "POST",
        dispatcher: this.agent,
        signal,
        headers: {
          "content-type": "application/json",
          "x-request-id": o.requestId,
          ...(o.residency === null ? {} : { [RESIDENCY_HEADER]: o.residency }),
          ...(o.minTier === null ? {} : { [MIN_TIER_HEADER]: o.minTier }),
          ...sessionHeaders(o),
          ...this.target.headers,
        },
        body: JSON.stringify(payload),
      });
      status = res.statusCode;
      servedBy = headerValue(res.headers["x-faultline-node"]);
      seen.tier = headerValue(res.headers[TIER_HEADER]);
      seen.cache = headerValue(res.headers[CACHE_HEADER]);
      if (status !== 200 || !stream) {
        const text = await res.body.text();
        firstByteAt = this.clock.now();
        if (status !== 200)
          return withBody(
            outcome(
              {
                ok: false,
                errorClass: httpErrorClass(status, text),
                error: `HTTP ${status}: ${text.slice(0, 200)}`,
                completionTokens: 0,
                promptTokens: 0,
                text: null,
              },
              status,
              servedBy,
              firstByteAt
            ),
            text
          );
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        return answered(responses ? judgeResponse(parsed) : judgeCompletion(parsed), status, servedBy, firstByteAt);
      }
      const parser = createParser({ onEvent: (e) => judge.onData(e.data) });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        firstByteAt ??= this.clock.now();
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      }
      return answered(judge.verdict(), status, servedBy, firstByteAt);
    } catch (err) {
      const partial = status !== null;
      const errorClass: FailureClass = signal.aborted ? "deadline" : partial ? "stream_cut" : "connect";
      const message = signal.aborted ? `no whole answer within the ${o.deadlineMs} ms deadline` : describe(err);
      return outcome(
        { ok: false, errorClass, error: message, completionTokens: judge.tokensSoFar(), promptTokens: 0, text: null },
        status,
        servedBy,
        firstByteAt
      );
    }
  }

  endpointStates(): [] {
    return [];
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function headerValue(v: string | string[] | undefined): string | null {
  return typeof v === "string" ? v : Array.isArray(v) ? (v[0] ?? null) : null;
}

function describe(err: unknown): string {
  if (err instanceof errors.UndiciError) return `${err.code}: ${err.message}`;
  return (err as Error)?.message ?? String(err);
}

/** A black box's answer as a ChatOutcome: one client-side attempt; the nodes' log holds the real count. */
export function outcome(
  v: Verdict,
  status: number | null,
  servedBy: string | null,
  firstByteAt: number | null
): JudgedOutcome {
  const o: JudgedOutcome = {
    ok: v.ok,
    status,
    servedBy,
    attempts: 1,
    error: v.error,
    errorClass: v.errorClass,
    firstByteAt,
    promptTokens: v.promptTokens,
    completionTokens: v.ok ? v.completionTokens : 0,
    wastedTokens: v.ok ? 0 : v.completionTokens,
  };
  if (v.ok && v.text !== null) o.text = textDigest(v.text);
  return o;
}

/** A black box's answer; a Responses API answer carries its response, whose id the conversation's next turn names. */
function answered(
  v: Verdict | ResponseVerdict,
  status: number | null,
  servedBy: string | null,
  firstByteAt: number | null
): JudgedOutcome {
  const o = outcome(v, status, servedBy, firstByteAt);
  if ("response" in v && v.response !== undefined) o.body = v.response;
  return o;
}

/** A refusal with the body it came with (a Responses turn's previous_response_not_found is told by its code). */
function withBody(o: JudgedOutcome, text: string): JudgedOutcome {
  o.bodyText = text;
  return o;
}

/** The tier headers a black box answered with (faultline's gateway sends them; others may not). */
interface TierSeen {
  tier: string | null;
  cache: string | null;
}

/**
 * A black box's answer with the tier it named: a cached answer's age from its cache header, and the maintenance
 * answer (tier emergency) counted as what it is, not an answer, even when it came as a 200 completion.
 */
function stampTier(o: JudgedOutcome, seen: TierSeen): JudgedOutcome {
  if (seen.tier === null || !(seen.tier in TIERS)) return o;
  o.tier = seen.tier as Tier;
  const age = seen.cache === null ? null : /age=(\d+(?:\.\d+)?)/.exec(seen.cache);
  if (o.tier === "minimal" && age) o.cacheAgeMs = Number(age[1]);
  if (o.tier === "emergency" && o.ok) {
    o.ok = false;
    o.errorClass = "maintenance";
    o.error = "the system answered with its maintenance message (x-faultline-tier: emergency)";
    o.wastedTokens = o.completionTokens;
    o.completionTokens = 0;
    delete o.text;
  }
  return o;
}
