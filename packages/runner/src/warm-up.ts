import { createRandom, systemClock } from "@faultline/core";
import { createFailoverClient, type FailoverClientConfig } from "@faultline/client";
import type { LoadSpec } from "@faultline/scenario";
import { ArrivalSchedule } from "./arrivals.js";
import { LoadGenerator } from "./load-generator.js";
import { RequestFactory } from "./request-factory.js";

/** How long warmed connections wait for the pass's client before they are closed. */
const CONNECTION_HANDOFF_MS = 5000;

/**
 * Sends the starting rate for `durationMs` through a throwaway client whose
 * results are discarded, before the pass clock starts. Without it the first
 * seconds of every pass measure V8 warming up and keep-alive connections being
 * opened (the warmed connections are handed over to the pass), which reads as an outage nobody injected (wrk2 and k6 warm up too).
 */
export async function warmUp(config: FailoverClientConfig, load: LoadSpec, durationMs: number, seed: number): Promise<void> {
  if (durationMs <= 0) return;
  const client = createFailoverClient(config, { clock: systemClock });
  const uniform: LoadSpec = { ...load, arrival: "uniform", rateEnd: load.rate };
  const gen = new LoadGenerator({
    schedule: new ArrivalSchedule(uniform, durationMs, createRandom(seed, 99)),
    factory: new RequestFactory(load, createRandom(seed, 98), "faultline-sim"),
    client, clock: systemClock, passId: 0, strategy: "warm-up", timeoutMs: load.timeoutMs,
    record: () => {},
  });
  await gen.run();
  await gen.drain(durationMs * 5);
  // Hand the open connections to the pass's client (created right after this returns):
  // a pass that opens its pool cold spends its first half second connecting.
  await client.close({ keepConnectionsMs: CONNECTION_HANDOFF_MS });
}
