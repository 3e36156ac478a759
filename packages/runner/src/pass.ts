import { answerQuality } from "./answer-quality.js";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createRandom, FaultlineError, textDigest, type Clock } from "@faultline/core";
import { runClock } from "./run-clock.js";
import type { RequestTracer } from "@faultline/client";
import { ConnectionHandOff, createFailoverClient, type RoutingEvent } from "@faultline/client/failover";
import type { EventLog } from "@faultline/eventlog";
import { attemptRecords, completionText, type AttemptBatch, type NodeEvent } from "@faultline/node/child-protocol";
import type { Scenario, SystemSpec } from "@faultline/scenario";
import { ArrivalSchedule, NO_ARRIVALS } from "./arrivals.js";
import { SessionDriver } from "./sessions/session-driver.js";
import { AttackScheduler, type LedgerEntry } from "./attack-scheduler.js";
import { RUNNER_DEFAULTS } from "./defaults.js";
import { LoadGenerator } from "./load-generator.js";
import { NodeAdmin } from "./node-admin.js";
import { externalNode, startNodeProcess, type ManagedNode } from "./node-process.js";
import type { SpareNodeChildren } from "./node-children.js";
import { snapshot, type ProgressSnapshot } from "./progress.js";
import { waitUntilReady } from "./readiness.js";
import { warmStream, warmUp } from "./warm-up.js";
import { RunnerErrorCodes } from "./errors.js";
import { clientTarget } from "./systems/client-target.js";
import { launchSystem, type LaunchedSystem } from "./systems/launch-system.js";
import type { LoadTarget } from "./systems/load-target.js";
import { endOnAbort } from "./abort-reason.js";
import { LOAD_MODEL, RequestFactory } from "./request-factory.js";
import { NodeSampler } from "./sampler.js";
import { stopReason } from "./stop-conditions.js";
import type { MomentListener } from "./moments.js";
import type { RunMetrics } from "./live-metrics/run-metrics.js";
import { ShardArrivals, type ShardRun } from "./shard.js";

/** How one pass ended. */
export interface PassResult {
  status: "complete" | "aborted" | "interrupted";
  abortReason: string | null;
  ledger: LedgerEntry[];
}

/** Inputs of one pass: one strategy played over the scenario's timeline. */
export interface PassOptions {
  scenario: Scenario;
  /** The system under test: a faultline strategy preset, or a black box. */
  system: SystemSpec;
  /** The run folder: a started gateway's log and config go in `systems/<name>-<pass>/` under it. */
  runDir: string;
  log: EventLog;
  repeat: number;
  signal: AbortSignal;
  /** How long the pass waits after its last send for the answers in flight before it cuts them (RunOptions.drainMs). */
  drainMs: number;
  onProgress?: (s: ProgressSnapshot) => void;
  /** Told of each fault injected or reverted and each failover and failback, as it happens. */
  onMoment?: MomentListener;
  /** The run's live Prometheus metrics, when `--metrics-port` serves them. */
  live?: RunMetrics;
  /** Traces faultline's client in strategy passes (OTLP/HTTP). */
  tracer?: RequestTracer;
  /** Set under `run --shard`: when the pass clock starts, which arrivals to send, whether to attack. */
  shard?: ShardRun;
  /** Node processes forked ahead: the pass starts its nodes in these while any are left. */
  spareNodes?: SpareNodeChildren;
  /** Started with the warm-up and awaited with it, before the pass clock starts (RunOptions.duringWarmUp). */
  duringWarmUp?: () => Promise<unknown>;
}

/**
 * Runs one pass: starts fresh nodes (so no state leaks between strategies),
 * drives the load through the failover client, plays the attacks, then
 * reverts every fault and stops the nodes, whatever happened.
 */
export async function runPass(o: PassOptions): Promise<PassResult> {
  const { scenario, log } = o;
  const passId = log.beginPass(o.system.name, scenario.durationMs, o.repeat);
  const nodes: ManagedNode[] = [];
  // The pass clock starts once the nodes are up; node events before that are stamped 0.
  const timeBase: { clock: (Clock & { origin: number }) | null } = { clock: null };
  const toPassMs = (epochMs: number) =>
    timeBase.clock ? epochMs - (performance.timeOrigin + timeBase.clock.origin) : 0;
  const onNodeEvent = (e: NodeEvent) =>
    log.append("node_events", {
      pass_id: passId,
      t_ms: toPassMs(e.epochMs),
      node: e.node,
      kind: e.kind,
      detail: JSON.stringify(e.detail),
    });
  // Only a black box's answers are digested by the load generator, so only its attempts' texts are worth digesting.
  const checkText = o.system.kind !== "preset";
  // The node-side record of the tier each attempt was served at: the node's declared tier.
  const tierOfNode = new Map(scenario.nodes.map((n) => [n.name, n.tier]));
  // Attempts before the pass clock are the warm-up's: not part of the pass.
  const onAttempts = (node: string, batch: AttemptBatch) => {
    if (!timeBase.clock) return;
    // attemptRecords gives epoch-ms times.
    for (const [
      requestId,
      arrived,
      firstByte,
      end,
      status,
      outcome,
      promptTokens,
      completionTokens,
      textStart,
    ] of attemptRecords(batch)) {
      if (toPassMs(arrived) < 0) continue;
      log.append("node_attempts", {
        pass_id: passId,
        request_id: requestId,
        node,
        arrived_ms: toPassMs(arrived),
        first_byte_ms: firstByte === null ? null : toPassMs(firstByte),
        end_ms: toPassMs(end),
        status,
        outcome,
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        tier: tierOfNode.get(node) ?? null,
        ...(checkText ? sentText(textStart, completionTokens) : NO_TEXT),
      });
    }
  };
  let launched: LaunchedSystem | null = null;
  try {
    const token = process.env["FAULTLINE_ADMIN_TOKEN"] ?? randomBytes(18).toString("base64url");
    // Each node's readiness is asked as soon as it is up, while the others still start (the first
    // request also pays for undici's first use in this process).
    const readiness: Array<Promise<void>> = [];
    const startFailed = new AbortController();
    const started = await Promise.allSettled(
      scenario.nodes.map((spec) => {
        const node = spec.url
          ? Promise.resolve(externalNode(spec, token))
          : startNodeProcess(
              spec,
              scenario.seed,
              token,
              {
                onEvent: onNodeEvent,
                onAttempts,
                onLifecycle: (kind, detail) =>
                  onNodeEvent({ epochMs: performance.timeOrigin + performance.now(), node: spec.name, kind, detail }),
              },
              o.spareNodes
            );
        readiness.push(
          node.then((n) => waitUntilReady(n.name, n.url, RUNNER_DEFAULTS.nodeStartTimeoutMs, startFailed.signal))
        );
        return node;
      })
    );
    for (const s of started) if (s.status === "fulfilled") nodes.push(s.value);
    const failed = started.find((s) => s.status === "rejected") as PromiseRejectedResult | undefined;
    if (failed) {
      startFailed.abort();
      for (const r of readiness) r.catch(() => {}); // the start failure is the one reported
      throw failed.reason;
    }
    await Promise.all(readiness);
    log.recordNodes(
      passId,
      scenario.nodes.map((n, i) => ({
        name: n.name,
        profile: n.profile,
        cloud: n.cloud,
        region: n.region,
        url: nodes[i]!.url,
        costPerHour: n.costPerHour,
        costPer1kTokens: n.costPer1kTokens,
        jurisdiction: n.jurisdiction,
        tier: n.tier,
        quality: n.quality,
      }))
    );
    if (o.system.kind !== "preset")
      launched = await launchSystem(o.system, scenario, nodes, join(o.runDir, "systems", `${o.system.name}-${passId}`));
    return await drive(o, passId, nodes, launched, (c) => (timeBase.clock = c));
  } catch (err) {
    log.endPass(passId, timeBase.clock ? timeBase.clock.now() : 0, "aborted", (err as Error).message);
    throw err;
  } finally {
    await launched?.gateway?.stop();
    await Promise.allSettled(nodes.map((n) => n.stop()));
  }
}

const NO_TEXT = Object.freeze({ text_hash: null, text_chars: null });

/** The digest of the text a node attempt sent, for the analytics' text check. */
function sentText(textStart: number, tokens: number): { text_hash: number | null; text_chars: number | null } {
  if (textStart < 0 || tokens <= 0) return { text_hash: null, text_chars: null };
  const d = textDigest(completionText(textStart, tokens));
  return { text_hash: d.hash, text_chars: d.chars };
}

/**
 * The load target of a pass, warmed up: faultline's client for a preset, else the launched black box. Its clock
 * starts once the warm-up and `besideWarmUp` are both done.
 */
async function prepareTarget(
  o: PassOptions,
  passId: number,
  nodes: ManagedNode[],
  launched: LaunchedSystem | null,
  admins: NodeAdmin[],
  besideWarmUp: Promise<unknown>
): Promise<{ clock: Clock & { origin: number }; target: LoadTarget; start: () => void }> {
  const { scenario, log } = o;
  const strategy = o.system.name;
  const warmAdmins = () => Promise.all(admins.map((a) => a.state().catch(() => undefined)));
  if (launched) {
    // The warm-up's own client: its connections are closed, so the pass opens its own as a caller would.
    const warming = launched.client(runClock());
    await Promise.all([
      warmAdmins(),
      warmStream(warming, scenario.load, RUNNER_DEFAULTS.warmUpMs, scenario.seed, 0),
      besideWarmUp,
    ]);
    await warming.close();
    await o.shard?.waitForPassStart();
    const clock = runClock();
    o.shard?.clockStarted(passId);
    return { clock, target: launched.client(clock), start: () => {} };
  }
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const config = {
    strategy,
    endpoints: scenario.client.order.map((name) => {
      const spec = scenario.nodes.find((n) => n.name === name)!;
      return {
        name,
        url: spec.url ?? `${byName.get(name)!.url}/v1`,
        supportsPrefill: spec.supportsPrefill,
        jurisdiction: [...spec.jurisdiction],
        tier: spec.tier,
        ...(spec.maxTokens !== null ? { maxTokens: spec.maxTokens } : {}),
      };
    }),
    options: { ...scenario.client.options },
  };
  // The sampler's admin calls run through undici too: two rounds in the warm-up, or the pass's
  // first samples undo the optimisation of undici's request path (see warm-up.ts).
  const connections = new ConnectionHandOff(); // the warm-up's open connections, handed to the pass's client
  await Promise.all([
    warmUp(config, scenario.load, RUNNER_DEFAULTS.warmUpMs, scenario.seed, connections, warmAdmins),
    besideWarmUp,
  ]);
  await o.shard?.waitForPassStart();
  const clock = runClock();
  o.shard?.clockStarted(passId);
  const client = createFailoverClient(config, {
    clock,
    onEvent: (e: RoutingEvent) => {
      if (e.kind === "failover" || e.kind === "failback")
        o.onMoment?.({
          strategy,
          kind: e.kind,
          tMs: e.t,
          subject: `${e.from ?? "?"} -> ${e.to ?? "?"}`,
          detail: e.reason,
        });
      o.live?.onRoutingEvent(strategy, e);
      log.append("routing_events", {
        pass_id: passId,
        strategy,
        t_ms: e.t,
        kind: e.kind,
        endpoint: e.endpoint,
        from_state: e.from,
        to_state: e.to,
        reason: e.reason,
        detail: e.detail ? JSON.stringify(e.detail) : null,
      });
    },
    // The routing ledger: one hash-chained record per routing decision, sealed when the log commits a batch.
    onDecision: (d) => log.appendDecision(passId, d),
    connections,
    ...(o.tracer ? { tracer: o.tracer } : {}),
  });
  return { clock, target: clientTarget(client), start: () => client.start() };
}

async function drive(
  o: PassOptions,
  passId: number,
  nodes: ManagedNode[],
  launched: LaunchedSystem | null,
  setClock: (c: Clock & { origin: number }) => void
): Promise<PassResult> {
  const { scenario, log } = o;
  const strategy = o.system.name;
  const admins = nodes.map((n) => new NodeAdmin(n.adminUrl, n.adminToken, n.name));
  // Shared nodes carry the last pass's faults and counters; one shard clears them, before anyone warms up.
  if (o.shard?.playsAttacks) await Promise.all(admins.map((a) => a.reset()));
  const attacks = new AttackScheduler(
    o.shard && !o.shard.playsAttacks ? [] : scenario.attacks,
    nodes.map((n) => ({ name: n.name, adminUrl: n.adminUrl, adminToken: n.adminToken, isDown: () => !n.isReady() })),
    log,
    { id: passId, strategy, durationMs: scenario.durationMs },
    o.onMoment
  );
  // The caller's work and the attack worker's loading go beside the warm-up; the pass clock starts once all are done.
  const besideWarmUp = Promise.all([o.duringWarmUp?.(), attacks.load()]);
  besideWarmUp.catch(() => {}); // awaited by prepareTarget; this keeps a failure after another from going unhandled
  const {
    clock,
    target: client,
    start,
  } = await prepareTarget(o, passId, nodes, launched, admins, besideWarmUp).catch(async (err: unknown) => {
    await attacks.stopAndRevertAll();
    throw err;
  });
  setClock(clock);
  const conversations = (scenario.load.classes ?? []).filter((c) => Boolean(c.session));
  // Only conversations: the open-model schedule has nothing of its own to send.
  const whole =
    conversations.length > 0 && conversations.length === scenario.load.classes!.length
      ? NO_ARRIVALS
      : new ArrivalSchedule(scenario.load, scenario.durationMs, createRandom(scenario.seed, 1));
  const factory = new RequestFactory(scenario.load, createRandom(scenario.seed, 2), LOAD_MODEL);
  const load = new LoadGenerator({
    schedule: o.shard ? new ShardArrivals(whole, factory, o.shard.spec) : whole,
    factory,
    client,
    clock,
    passId,
    strategy,
    timeoutMs: scenario.load.timeoutMs,
    quality: answerQuality(scenario),
    record: o.live
      ? (row) => {
          log.append("requests", row);
          o.live!.onRequest(row);
        }
      : (row) => log.append("requests", row),
  });
  const sessions =
    conversations.length > 0
      ? new SessionDriver({
          classes: conversations,
          durationMs: scenario.durationMs,
          seed: scenario.seed,
          passId,
          model: LOAD_MODEL,
          clock,
          submit: (planned, at, id) => load.submit(planned, at, id),
          shard: o.shard?.spec ?? null,
        })
      : null;
  const sampler = new NodeSampler(admins, clock, log, passId);
  if (o.live)
    o.live.current = {
      system: strategy,
      elapsedMs: () => clock.now(),
      durationMs: scenario.durationMs,
      load,
      attacks,
      planned: scenario.attacks,
      target: client,
      nodes,
    };

  let status: PassResult["status"] = "complete";
  let abortReason: string | null = null;
  let died: string | null = null;
  const stopLoad = (s: PassResult["status"], reason: string | null) => {
    if (status === "complete") {
      status = s;
      abortReason = reason;
    }
    load.stop();
    sessions?.stop();
  };
  launched?.gateway?.onDeath((message) => {
    died = message;
    stopLoad("aborted", message.split("\n")[0]!);
  });
  const onAbort = () => {
    const end = endOnAbort(o.signal);
    stopLoad(end.status, end.reason);
  };
  o.signal.addEventListener("abort", onAbort, { once: true });
  const watch = setInterval(() => {
    const now = clock.now();
    o.onProgress?.(snapshot(strategy, now, scenario.durationMs, load, attacks, client));
    const stop = stopReason(
      scenario.stopConditions,
      { outcomes: load.window, latency: load.latencyWindow, ttft: load.ttftWindow },
      now
    );
    if (stop) stopLoad("aborted", stop);
  }, 250);
  try {
    start();
    if (!o.shard || o.shard.playsAttacks) sampler.start(); // one shard samples the shared nodes
    attacks.start(clock);
    if (o.signal.aborted) onAbort();
    await Promise.all([load.run(), sessions?.run()]);
    await load.drain(o.drainMs, RUNNER_DEFAULTS.drainCutGraceMs);
  } finally {
    clearInterval(watch);
    o.signal.removeEventListener("abort", onAbort);
    await attacks.stopAndRevertAll();
    sampler.stop();
    if (o.live) o.live.current = null;
    await client.close();
    log.endPass(passId, clock.now(), status, abortReason);
  }
  // A gateway that died mid-pass is a failed run (exit 3), not a result: the pass is kept as aborted.
  if (died !== null) throw new FaultlineError(RunnerErrorCodes.SYSTEM_DIED, died, { field: `systems.${strategy}` });
  return { status, abortReason, ledger: attacks.ledger };
}
