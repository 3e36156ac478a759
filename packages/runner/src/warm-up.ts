import { createRandom, sleep, systemClock, type Clock } from "@faultline/core";
import { runClock } from "./run-clock.js";
import {
  ConnectionHandOff,
  createFailoverClient,
  type ClientDeps,
  type FailoverClient,
  type FailoverClientConfig,
} from "@faultline/client/failover";
import type { LoadSpec } from "@faultline/scenario";
import { ArrivalSchedule } from "./arrivals.js";
import { LoadGenerator } from "./load-generator.js";
import { LOAD_MODEL, RequestFactory } from "./request-factory.js";
import { RUNNER_DEFAULTS } from "./defaults.js";
import { clientTarget } from "./systems/client-target.js";
import type { LoadTarget } from "./systems/load-target.js";

/** How long warmed connections wait for the pass's client before they are closed. */
const CONNECTION_HANDOFF_MS = 5000;

/**
 * Sends `load` (its arrival process at its starting rate) for `durationMs` through `client`
 * (faultline's client, or a black-box system under test),
 * discarding the results: a ramp from RUNNER_DEFAULTS.warmUpRampFromShare of the rate over
 * the first half, then the full rate.
 */
export async function warmStream(
  client: LoadTarget,
  load: LoadSpec,
  durationMs: number,
  seed: number,
  stream: number,
  clock: Clock = systemClock
): Promise<void> {
  const steady: LoadSpec = shortAnswers({ ...load, rateEnd: load.rate });
  const ramp = warmPhase(
    client,
    { ...steady, rate: load.rate * RUNNER_DEFAULTS.warmUpRampFromShare },
    durationMs / 2,
    seed,
    stream,
    clock
  );
  await ramp.run();
  // The full rate follows the ramp's last send at once, while the ramp's answers still arrive:
  // waiting for them first added an answer's time to every pass (time to first token plus the
  // warm-up answer's inter-token gaps: 0.18 s on the h100 profile and 0.27 s on the a100's).
  const full = warmPhase(client, steady, durationMs / 2, seed, stream, clock);
  await full.run();
  await Promise.all([ramp.drain(durationMs * 5, 0), full.drain(durationMs * 5, 0)]);
}

/** The load with every max_tokens range capped at RUNNER_DEFAULTS.warmUpMaxTokens. */
function shortAnswers(load: LoadSpec): LoadSpec {
  const cap = (r: { min: number; max: number }) => ({
    min: Math.min(r.min, RUNNER_DEFAULTS.warmUpMaxTokens),
    max: Math.min(r.max, RUNNER_DEFAULTS.warmUpMaxTokens),
  });
  return {
    ...load,
    maxTokens: cap(load.maxTokens),
    ...(load.classes ? { classes: load.classes.map((c) => ({ ...c, maxTokens: cap(c.maxTokens) })) } : {}),
  };
}

function warmPhase(
  client: LoadTarget,
  load: LoadSpec,
  durationMs: number,
  seed: number,
  stream: number,
  clock: Clock
): LoadGenerator {
  return new LoadGenerator({
    schedule: new ArrivalSchedule(load, durationMs, createRandom(seed, `warm-up-arrivals-${stream}`)),
    factory: new RequestFactory(load, createRandom(seed, `warm-up-requests-${stream}`), LOAD_MODEL),
    // The schedule counts from 0: the generator needs a clock that starts now too (the
    // process clock is already past the whole schedule, which sent it all in one burst).
    client,
    clock: runClock(clock),
    passId: 0,
    strategy: "warm-up",
    timeoutMs: load.timeoutMs,
    record: () => {},
  });
}

/** One single-endpoint client (strategy none) for each of the config's endpoints. */
function clientPerEndpoint(config: FailoverClientConfig, deps: () => ClientDeps): FailoverClient[] {
  return config.endpoints.map((endpoint) => createFailoverClient({ strategy: "none", endpoints: [endpoint] }, deps()));
}

/**
 * Plays, early in the warm-up's ramp, what the warm-up's end does: clients
 * that have sent a request hand their connections over (parked pools, timers
 * cleared), then the clients that took them over close for good (undici
 * clients and their sockets destroyed). The first close in a process turns
 * fields of undici's clients and Node's sockets and streams from constant to
 * mutable, and V8 throws away all optimised code that relied on them: at the
 * warm-up's end that was 25 functions of the request path (undici's parser
 * callbacks, writeH1, Readable.read, bufferedRequest) plus Node's timer code,
 * re-optimised only 300 ms into the pass while sends ran late (`--trace-deopt`
 * with `--trace-generalization`, docs/BENCHMARKS.md).
 */
async function rehearseHandOff(
  config: FailoverClientConfig,
  load: LoadSpec,
  durationMs: number,
  seed: number,
  clock: Clock
): Promise<void> {
  // A hand-off of its own, so nothing rehearsed reaches the pass; the same deps shape as below.
  const connections = new ConnectionHandOff();
  const deps = () => ({ clock: runClock(clock), onEvent: () => {}, connections });
  // The rehearsal needs connections that carried a request, not the answers: one token each (two
  // rounds of 16-token answers waited about 0.8 s on the a100 profile), and a slow node's long
  // generation is cut at the warm-up's length (an abort closes the same way).
  const oneToken = { min: 1, max: 1 };
  const factory = new RequestFactory(
    {
      ...load,
      maxTokens: oneToken,
      ...(load.classes ? { classes: load.classes.map((c) => ({ ...c, maxTokens: oneToken })) } : {}),
    },
    createRandom(seed, "warm-up-rehearsal"),
    LOAD_MODEL
  );
  const deadlineMs = Math.min(load.timeoutMs, durationMs);
  for (const keepConnectionsMs of [CONNECTION_HANDOFF_MS, 0]) {
    const clients = clientPerEndpoint(config, deps);
    await Promise.all(clients.map((client) => client.chat(factory.next().body, { deadlineMs })));
    for (const client of clients) await client.close({ keepConnectionsMs });
  }
}

/**
 * Sends the starting rate for `durationMs` through a throwaway client whose
 * results are discarded, before the pass clock starts, and a smaller stream to
 * every endpoint on its own (RUNNER_DEFAULTS.warmUpStandbyRateShare). Without it the first
 * seconds of every pass, and the first second after a failover, measure V8
 * warming up and keep-alive connections being opened (the warmed connections
 * are parked in `connections`, which the pass's client is given), which reads as an outage nobody injected (wrk2
 * and k6 warm up too). `alsoWarm` is called at the start and half-way through:
 * the other requests the pass makes (the runner passes the sampler's admin calls). `clock` paces it
 * (and its clients' timers): a test's fake clock, the process's monotonic one otherwise.
 */
export async function warmUp(
  config: FailoverClientConfig,
  load: LoadSpec,
  durationMs: number,
  seed: number,
  connections: ConnectionHandOff,
  alsoWarm: () => Promise<unknown> = async () => undefined,
  clock: Clock = systemClock
): Promise<void> {
  if (durationMs <= 0) return;
  // The same kind of clock and the same dependency shape as the pass's client (pass.ts): code
  // that V8 optimised here for other object shapes was thrown away at the pass's first requests
  // ("wrong map" deopts across the request path), and the pass's first second ran unoptimised.
  const deps = () => ({ clock: runClock(clock), onEvent: () => {}, connections });
  // The rehearsal runs beside the streams, not before them (it waited two one-token round trips per
  // run, 0.3-0.5 s): its closes still come early in the ramp, while little is optimised yet, and
  // the full-rate half re-optimises whatever they threw away before the pass clock starts.
  const rehearsal = rehearseHandOff(config, load, durationMs, seed, clock);
  const main = createFailoverClient(config, deps());
  const standbys = clientPerEndpoint(config, deps);
  const standbyLoad: LoadSpec = { ...load, rate: Math.max(1, load.rate * RUNNER_DEFAULTS.warmUpStandbyRateShare) };
  // Health checks too: they go through the same undici code with other objects, and the
  // pass's first checks otherwise undid that code's optimisation as well.
  main.start();
  await Promise.all([
    rehearsal,
    alsoWarm()
      .then(() => sleep(durationMs / 2, clock))
      .then(alsoWarm),
    warmStream(clientTarget(main), load, durationMs, seed, 0, clock),
    ...standbys.map((client, i) => warmStream(clientTarget(client), standbyLoad, durationMs, seed, i + 1, clock)),
  ]);
  // Hand the open connections to the pass's client (created right after this returns):
  // a pass that opens its pool cold spends its first half second connecting. Where two
  // clients warmed one endpoint, the pool with more connections is the one handed over.
  for (const client of [main, ...standbys]) await client.close({ keepConnectionsMs: CONNECTION_HANDOFF_MS });
}
