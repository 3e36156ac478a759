import { createRandom, runClock, systemClock } from "@faultline/core";
import { createFailoverClient, type FailoverClient, type FailoverClientConfig } from "@faultline/client";
import type { LoadSpec } from "@faultline/scenario";
import { ArrivalSchedule } from "./arrivals.js";
import { LoadGenerator } from "./load-generator.js";
import { RequestFactory } from "./request-factory.js";
import { RUNNER_DEFAULTS } from "./defaults.js";

/** How long warmed connections wait for the pass's client before they are closed. */
const CONNECTION_HANDOFF_MS = 5000;

/**
 * Sends `load` (uniform) for `durationMs` through `client`, discarding the results: a ramp
 * from RUNNER_DEFAULTS.warmUpRampFromShare of the rate over the first half, then the full rate.
 */
async function warmStream(client: FailoverClient, load: LoadSpec, durationMs: number, seed: number, stream: number): Promise<void> {
  const uniform: LoadSpec = { ...load, arrival: "uniform", rateEnd: load.rate };
  await warmPhase(client, { ...uniform, rate: load.rate * RUNNER_DEFAULTS.warmUpRampFromShare }, durationMs / 2, seed, stream);
  await warmPhase(client, uniform, durationMs / 2, seed, stream);
}

async function warmPhase(client: FailoverClient, uniform: LoadSpec, durationMs: number, seed: number, stream: number): Promise<void> {
  const gen = new LoadGenerator({
    schedule: new ArrivalSchedule(uniform, durationMs, createRandom(seed, `warm-up-arrivals-${stream}`)),
    factory: new RequestFactory(uniform, createRandom(seed, `warm-up-requests-${stream}`), "faultline-sim"),
    // The schedule counts from 0: the generator needs a clock that starts now too (the
    // process clock is already past the whole schedule, which sent it all in one burst).
    client, clock: runClock(), passId: 0, strategy: "warm-up", timeoutMs: uniform.timeoutMs,
    record: () => {},
  });
  await gen.run();
  await gen.drain(durationMs * 5);
}

/**
 * Sends the starting rate for `durationMs` through a throwaway client whose
 * results are discarded, before the pass clock starts, and a smaller stream to
 * every endpoint on its own (RUNNER_DEFAULTS.warmUpStandbyRateShare). Without it the first
 * seconds of every pass, and the first second after a failover, measure V8
 * warming up and keep-alive connections being opened (the warmed connections
 * are handed over to the pass), which reads as an outage nobody injected (wrk2
 * and k6 warm up too).
 */
export async function warmUp(config: FailoverClientConfig, load: LoadSpec, durationMs: number, seed: number): Promise<void> {
  if (durationMs <= 0) return;
  const main = createFailoverClient(config, { clock: systemClock });
  const standbys = config.endpoints.map((endpoint) => createFailoverClient({ strategy: "none", endpoints: [endpoint] }, { clock: systemClock }));
  const standbyLoad: LoadSpec = { ...load, rate: Math.max(1, load.rate * RUNNER_DEFAULTS.warmUpStandbyRateShare) };
  await Promise.all([
    warmStream(main, load, durationMs, seed, 0),
    ...standbys.map((client, i) => warmStream(client, standbyLoad, durationMs, seed, i + 1)),
  ]);
  // Hand the open connections to the pass's client (created right after this returns):
  // a pass that opens its pool cold spends its first half second connecting. Where two
  // clients warmed one endpoint, the pool with more connections is the one handed over.
  for (const client of [main, ...standbys]) await client.close({ keepConnectionsMs: CONNECTION_HANDOFF_MS });
}
