import { systemClock, FaultlineError } from "@faultline/core";
import type { AttemptResult } from "./attempt.js";
import { Endpoint, type Emit } from "./endpoint.js";
import { ConnectionPool } from "./connection-pool.js";
import { ClientErrorCodes } from "./errors.js";
import { resolveOptions } from "./options.js";
import { breakerPolicy } from "./policies/breaker-policy.js";
import { RetryBudget } from "./policies/budget.js";
import { budgetPolicy } from "./policies/budget-policy.js";
import { deadlinePolicy } from "./policies/deadline.js";
import { hedgePolicy } from "./policies/hedge.js";
import { compose, newAttempt, type Call } from "./policies/policy.js";
import { observeAttempts } from "./attempt-observer.js";
import { residencyPolicy } from "./policies/residency.js";
import { minTierPolicy } from "./policies/min-tier.js";
import { answerCachePolicy } from "./policies/answer-cache-policy.js";
import { retryQueuePolicy } from "./policies/retry-queue-policy.js";
import { AnswerCache } from "./tiers/answer-cache.js";
import { RetryQueue } from "./tiers/retry-queue.js";
import { isRecovery, nextKnownRecovery, tierOf } from "./tiers/tier-of.js";
import { retryPolicy } from "./policies/retry.js";
import { routePolicy } from "./policies/route.js";
import { SessionAffinity } from "./routing/affinity.js";
import { HealthChecker } from "./routing/health-checker.js";
import { Router } from "./routing/router.js";
import { send } from "./transport/send.js";
import { RequestContext } from "./request-context.js";
import { respond } from "./conversations/respond.js";
import { TranscriptStore } from "./conversations/transcript-store.js";
import type {
  AttemptRecord,
  ChatOptions,
  ChatOutcome,
  ClientDeps,
  EndpointConfig,
  FailoverClient,
  FailoverClientConfig,
} from "./types.js";

/**
 * What an endpoint name may be made of. The gateway pastes it, unescaped, into the
 * response's JSON (`"model":"<endpoint>/<model>"`) and into x-faultline-endpoint, so a
 * quote or a line break would corrupt every answer (issue 24: no value reaches a body
 * or a header unescaped). Node names in scenarios are already of this shape.
 */
const ENDPOINT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

function checkEndpoints(endpoints: unknown): EndpointConfig[] {
  const bad = (field: string, msg: string): never => {
    throw new FaultlineError(ClientErrorCodes.CONFIG_INVALID, `${field}: ${msg}`, { field });
  };
  if (!Array.isArray(endpoints) || endpoints.length === 0)
    bad("endpoints", "at least one endpoint is needed, e.g. [{name: primary, url: http://127.0.0.1:8001/v1}]");
  const seen = new Set<string>();
  (endpoints as EndpointConfig[]).forEach((e, i) => {
    if (typeof e?.name !== "string" || !e.name) bad(`endpoints[${i}].name`, "every endpoint needs a name");
    if (!ENDPOINT_NAME.test(e.name))
      bad(
        `endpoints[${i}].name`,
        `${JSON.stringify(e.name).slice(0, 80)} must be 1-64 letters, digits, '.', '_' or '-'`
      );
    if (e.maxTokens !== undefined && !(Number.isInteger(e.maxTokens) && e.maxTokens > 0))
      bad(
        `endpoints[${i}].maxTokens`,
        `${JSON.stringify(e.maxTokens)} must be a positive integer (the cap on max_tokens)`
      );
    if (seen.has(e.name)) bad(`endpoints[${i}].name`, `"${e.name}" is used twice; names must be unique`);
    seen.add(e.name);
    try {
      if (!/^https?:$/.test(new URL(e.url).protocol)) throw new Error();
    } catch {
      bad(
        `endpoints[${i}].url`,
        `${JSON.stringify(e.url)} is not an http(s) base URL such as http://127.0.0.1:8001/v1`
      );
    }
  });
  return endpoints as EndpointConfig[];
}

/** Creates a failover client for the config's strategy and endpoints (validated here, once). */
export function createFailoverClient(config: FailoverClientConfig, deps: ClientDeps = {}): FailoverClient {
  const options = resolveOptions(config.strategy, config.options ?? {});
  const endpointConfigs = checkEndpoints(config.endpoints);
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const eventCounts: Record<string, number> = {};
  const handOff = deps.connections;
  const openPool = (origin: string) => handOff?.open(origin) ?? new ConnectionPool(origin);
  let router: Router | null = null;
  let queue: RetryQueue | null = null;
  const emit: Emit = (kind, e) => {
    eventCounts[kind] = (eventCounts[kind] ?? 0) + 1;
    const t = clock.now();
    deps.onEvent?.({ t, kind, ...e });
    if ((kind === "health" || kind === "breaker") && router) router.update(t);
    if (queue !== null && isRecovery(kind, e.to)) queue.recovered();
  };
  const endpoints = endpointConfigs.map((c, i) => new Endpoint(c, i, options, clock, emit, openPool));
  // The two tiers below degraded, each only when its option turns it on (tiers/, issue 17).
  const cache =
    options.answerCacheSize > 0 ? new AnswerCache(options.answerCacheSize, options.answerCacheMaxStaleMs, clock) : null;
  if (options.retryQueueSize > 0)
    queue = new RetryQueue(options.retryQueueSize, clock, () => nextKnownRecovery(endpoints, clock.now()));
  router = new Router(endpoints, options, emit, random);
  const affinity = options.affinity === "off" ? null : new SessionAffinity(options, clock);
  const budget = new RetryBudget(options.retryBudgetRatio, options.retryBudgetMinConcurrent);
  const health = new HealthChecker(endpoints, options, clock, random);
  const { onAttempt, tracer } = deps;
  const observe =
    onAttempt || tracer
      ? (a: AttemptRecord, ctx: RequestContext) => {
          onAttempt?.(a);
          tracer?.attempt(ctx, a);
        }
      : null;
  const observed = (transport: Call): Call => (observe ? observeAttempts(transport, clock, observe) : transport);
  const call = compose(
    [
      retryQueuePolicy(queue, clock, options),
      answerCachePolicy(cache, endpoints, clock),
      minTierPolicy(endpoints),
      residencyPolicy(endpoints, options),
      deadlinePolicy(clock),
      budgetPolicy(budget),
      retryPolicy({ clock, options, budget, router, emit, random }),
      hedgePolicy(clock, options, budget, emit),
      routePolicy(router, clock, options, emit, deps.onDecision, affinity ?? undefined),
      breakerPolicy(clock, options, endpoints),
    ],
    observed((ctx, attempt) => send(ctx, attempt, clock, options))
  );

  async function chat(body: Record<string, unknown>, opts: ChatOptions = {}): Promise<ChatOutcome> {
    const ctx = new RequestContext(
      body,
      clock.now() + (opts.deadlineMs ?? options.deadlineMs),
      opts.onChunk,
      opts.residency || null,
      opts.requestId ?? null,
      opts.minTier ?? null
    );
    if (opts.bodyText !== undefined) ctx.payloads.set(String(body.model ?? ""), opts.bodyText);
    if (opts.api !== undefined) ctx.api = opts.api;
    if (opts.endpoint !== undefined) ctx.onlyEndpoint = opts.endpoint;
    if (opts.headers !== undefined) ctx.headers = opts.headers;
    if (opts.onFlush !== undefined) ctx.onFlush = opts.onFlush;
    if (opts.onTokenBytes !== undefined) ctx.onTokenBytes = opts.onTokenBytes;
    if (affinity) ctx.affinityKey = affinity.keyOf(ctx);
    const onCallerAbort = () => {
      ctx.callerGone = true;
      ctx.abort();
    };
    if (opts.signal?.aborted) ctx.abort();
    opts.signal?.addEventListener("abort", onCallerAbort, { once: true });
    tracer?.begin(ctx, body, clock.now(), ctx.requestId ?? undefined);
    try {
      const r = await call(ctx, newAttempt(ctx, 1, false));
      if (affinity && r.ok) affinity.record(ctx.affinityKey, r.endpoint);
      const out = outcome(ctx, r);
      tracer?.end(ctx, out, clock.now());
      return out;
    } finally {
      opts.signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  function outcome(ctx: RequestContext, r: AttemptResult): ChatOutcome {
    if (!r.ok && ctx.owner !== null) {
      // The caller already has part of the answer: end its stream with an explicit error, never a silent cut.
      emit("stream_aborted", {
        endpoint: r.endpoint?.name ?? null,
        from: null,
        to: null,
        reason: `${r.errorClass}: ${r.error}`,
        detail: { sentChars: ctx.sentText.length },
      });
      ctx.onChunk?.(
        JSON.stringify({
          error: {
            message: `faultline: stream aborted after partial answer: ${r.error}`,
            type: r.errorClass,
            code: "stream_aborted",
          },
        }),
        r.endpoint?.name ?? "",
        ctx.attempts
      );
      ctx.onFlush?.();
    }
    const out: ChatOutcome = {
      ok: r.ok,
      status: r.status,
      servedBy: r.endpoint?.name ?? null,
      attempts: ctx.attempts,
      error: r.error,
      errorClass: r.ok ? null : r.errorClass,
      firstByteAt: ctx.firstByteAt ?? r.firstByteAt,
      // A stream that crossed endpoints: the tokens of every attempt that delivered part of it.
      promptTokens: ctx.identity ? ctx.identity.promptTokens : r.promptTokens,
      completionTokens: ctx.identity ? ctx.identity.completionTokens : r.completionTokens,
      wastedTokens: ctx.wastedTokens,
    };
    const tier = tierOf(ctx, r);
    if (tier !== null) out.tier = tier;
    if (ctx.servedFrom !== null) out.cacheAgeMs = ctx.servedFrom.ageMs;
    if (ctx.queue !== null) out.queue = { waitedMs: ctx.queue.waitedMs, outcome: ctx.queue.outcome ?? "timed_out" };
    if (r.errorClass === "maintenance" && r.retryAfterMs !== null) out.retryAfterMs = r.retryAfterMs;
    if (r.body !== undefined) out.body = r.body;
    if (r.bodyText !== undefined) out.bodyText = r.bodyText;
    return out;
  }

  // A store handed in is its owner's to close; one opened here from the option is the client's.
  const ownStore =
    deps.conversations === undefined && options.conversationStore !== ""
      ? TranscriptStore.open(options.conversationStore, {
          maxTranscripts: options.conversationMaxTranscripts,
          maxAgeMs: options.conversationMaxAgeMs,
        })
      : null;
  const conversations = { chat, store: deps.conversations ?? ownStore, emit };

  return {
    start: () => health.start(),
    chat,
    respond: (body, opts) => respond(conversations, body, opts),
    status: () => {
      const now = clock.now();
      return {
        strategy: config.strategy,
        active: router!.active.name,
        options,
        endpoints: endpoints.map((e) => e.snapshot(now)),
        budget: {
          active: budget.active,
          retriesActive: budget.retriesActive,
          limit: budget.limit(),
          granted: budget.granted,
          refused: budget.refused,
        },
        events: { ...eventCounts },
        healthChecks: health.checks,
        tiers: {
          answerCache: cache ? { size: cache.size, bound: options.answerCacheSize } : null,
          retryQueue: queue ? { size: queue.size, bound: queue.bound, ...queue.counts } : null,
        },
      };
    },
    close: async (closeOptions = {}) => {
      health.stop();
      ownStore?.close();
      const keepMs = handOff ? (closeOptions.keepConnectionsMs ?? 0) : 0;
      if (keepMs > 0) for (const e of endpoints) handOff!.park(e.origin, e.pool, keepMs);
      await Promise.all(
        endpoints.flatMap((e) => (keepMs > 0 ? [e.healthClient.close()] : [e.pool.close(), e.healthClient.close()]))
      );
    },
  };
}
