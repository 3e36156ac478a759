import type { Clock, Timer } from "@faultline/core";
import type { ChatOutcome } from "@faultline/client";
import type { JudgedOutcome, LoadTarget } from "./systems/load-target.js";
import type { RequestRow } from "@faultline/eventlog";
import type { Arrivals } from "./arrivals.js";
import type { PlannedRequest, RequestFactory } from "./request-factory.js";
import { OutcomeWindow } from "./outcome-window.js";
import { LatencyWindow } from "./latency-window.js";
import { liveLatencyHistogram, type Histogram } from "./live-latency.js";

/** What the load generator needs around it. */
export interface LoadGeneratorDeps {
  schedule: Arrivals;
  factory: RequestFactory;
  client: LoadTarget;
  clock: Clock;
  passId: number;
  strategy: string;
  timeoutMs: number;
  /** Receives one row per finished request. */
  record: (row: RequestRow) => void;
  /** The quality weight an answer counts for (answer-quality.ts); every answer counts 1 when absent. */
  quality?: (o: JudgedOutcome) => number | null;
}

/**
 * Sends requests on the open-model schedule through the failover client and
 * records each outcome. It never waits for an answer before the next send.
 */
export class LoadGenerator {
  /** Recent outcomes, for progress and stop conditions. */
  readonly window = new OutcomeWindow();
  /** Recent latencies (end - scheduled) and times to first token, for percentile stop conditions. */
  readonly latencyWindow = new LatencyWindow();
  readonly ttftWindow = new LatencyWindow();
  sent = 0;
  finished = 0;
  /** Node that served the most recent success. */
  lastServedBy: string | null = null;
  /** Latency (end - scheduled) of every finished request so far, for the live panel only. */
  readonly latency: Histogram = liveLatencyHistogram();
  private timer: Timer;
  private stopped = false;
  /**
   * One controller per request in flight, aborted when the drain window runs out so those requests end then, not at
   * their deadlines; their count is the number in flight. Per request, not one signal for the pass: a signal's
   * listeners are a list that every request's remove would walk, thousands long while thousands stream
   * (docs/BENCHMARKS.md, "Cutting the requests in flight at a pass's end").
   */
  private readonly cuts = new Set<AbortController>();
  private drained: (() => void) | null = null;
  private abandonedAfterMs: number | null = null;

  constructor(private readonly d: LoadGeneratorDeps) {}

  /** Starts sending; resolves when the schedule is exhausted or stop() is called. */
  run(): Promise<void> {
    return new Promise((resolve) => {
      this.endRun = resolve;
      this.tick();
    });
  }

  private endRun: () => void = () => {};

  private readonly tick = (): void => {
    const now = this.d.clock.now();
    while (!this.stopped && this.d.schedule.peek() <= now) this.send(this.d.schedule.take());
    const next = this.d.schedule.peek();
    if (this.stopped || next === Infinity) return this.endRun();
    this.timer = this.d.clock.setTimeout(this.tick, Math.max(0, next - this.d.clock.now()));
  };

  /** Stops issuing new requests. */
  stop(): void {
    this.stopped = true;
    this.d.clock.clearTimeout(this.timer);
    this.endRun();
  }

  /**
   * Resolves when every in-flight request has finished. After `timeoutMs` the rest are cut (aborted), and it
   * resolves once their rows are recorded, or `cutGraceMs` later for a request that ignores the abort.
   */
  drain(timeoutMs: number, cutGraceMs: number): Promise<void> {
    if (this.cuts.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let t = this.d.clock.setTimeout(() => {
        this.abandonedAfterMs = timeoutMs;
        t = this.d.clock.setTimeout(resolve, cutGraceMs);
        for (const cut of this.cuts) cut.abort();
      }, timeoutMs);
      this.drained = () => {
        this.d.clock.clearTimeout(t);
        resolve();
      };
    });
  }

  /** Requests sent and not yet answered. */
  inFlight(): number {
    return this.cuts.size;
  }

  private send(scheduledMs: number): void {
    const planned = this.d.factory.next();
    // Unique in the run: nodes log each attempt under it, which is how a black box's retries are counted.
    // Numbered by its place in the whole schedule, so the shards of a sharded run never share one.
    void this.submit(planned, scheduledMs, `fl-${this.d.passId}-${this.d.schedule.lastIndex.toString(36)}`);
  }

  /**
   * Sends one planned request now and records its row; resolves with its outcome (never rejects). The open-model
   * schedule calls it without waiting; a conversation (sessions/session-driver.ts) waits for each turn's answer.
   */
  submit(planned: PlannedRequest, scheduledMs: number, requestId: string): Promise<JudgedOutcome> {
    planned.body["user"] = requestId;
    const startMs = this.d.clock.now();
    this.sent++;
    const cut = new AbortController();
    this.cuts.add(cut);
    const options = {
      deadlineMs: this.d.timeoutMs,
      requestId,
      residency: planned.residency,
      minTier: planned.minTier,
      session: planned.session,
      api: planned.session?.api ?? ("chat" as const),
      cut: cut.signal,
    };
    return this.d.client.chat(planned.body, options).then(
      (o) => this.finish(scheduledMs, startMs, planned, o, requestId, cut),
      (err: Error) => this.finish(scheduledMs, startMs, planned, crashed(err), requestId, cut)
    );
  }

  private finish(
    scheduledMs: number,
    startMs: number,
    planned: PlannedRequest,
    outcome: JudgedOutcome,
    requestId: string,
    cut: AbortController
  ): JudgedOutcome {
    const endMs = this.d.clock.now();
    // A request still waiting when the drain window ran out was cut (aborted); say that, rather than the
    // transport's "aborted".
    const o =
      this.abandonedAfterMs !== null && !outcome.ok
        ? {
            ...outcome,
            error: `no answer before the pass ended (still in flight ${this.abandonedAfterMs} ms after the last send)`,
            errorClass: "deadline" as const,
          }
        : outcome;
    this.finished++;
    this.window.record(endMs, o.ok);
    this.latencyWindow.record(endMs, endMs - scheduledMs);
    if (planned.stream && o.firstByteAt !== null) this.ttftWindow.record(endMs, o.firstByteAt - scheduledMs);
    this.latency.recordValue(Math.max(1, Math.round((endMs - scheduledMs) * 1000)));
    if (o.ok) this.lastServedBy = o.servedBy;
    this.d.record({
      pass_id: this.d.passId,
      strategy: this.d.strategy,
      scheduled_ms: scheduledMs,
      start_ms: startMs,
      first_byte_ms: o.firstByteAt,
      end_ms: endMs,
      ok: o.ok ? 1 : 0,
      status: o.status,
      served_by: o.servedBy,
      attempts: o.attempts,
      error: o.error,
      error_class: o.errorClass,
      stream: planned.stream ? 1 : 0,
      prompt_tokens: o.promptTokens || planned.promptTokens,
      completion_tokens: o.completionTokens,
      wasted_tokens: o.wastedTokens,
      request_class: planned.requestClass,
      request_id: requestId,
      text_hash: outcome.text?.hash ?? null,
      text_chars: outcome.text?.chars ?? null,
      residency: planned.residency,
      tier: o.tier ?? null,
      quality: o.ok ? (this.d.quality?.(outcome) ?? 1) : null,
      cache_age_ms: o.cacheAgeMs ?? null,
      queue_outcome: o.queue?.outcome ?? null,
      queued_ms: o.queue?.waitedMs ?? null,
      session_id: planned.session?.id ?? null,
      session_turn: planned.session?.turn ?? null,
      session_turns: planned.session?.turns ?? null,
      api: planned.session?.api ?? null,
    });
    this.cuts.delete(cut);
    if (this.cuts.size === 0 && this.drained) this.drained();
    return o;
  }
}

/** The client promises never to reject; if it does, that is recorded as a failed request, not lost. */
function crashed(err: Error): ChatOutcome {
  return {
    ok: false,
    status: null,
    servedBy: null,
    attempts: 0,
    error: `client error: ${err.message}`,
    errorClass: "client",
    firstByteAt: null,
    promptTokens: 0,
    completionTokens: 0,
    wastedTokens: 0,
  };
}
