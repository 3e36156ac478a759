// Fleet simulation: simulated provider-months per second for the seed exercise (3 providers, β = 5%, 30 s detection)
// on worker threads, against the same loop with incident sampling alone (each provider's gaps and repairs drawn
// month after month, no fleet logic, one thread) in the same run. Target (issue 19): 100,000 provider-months in
// 10 s or less on 2 cores, i.e. >= 10,000 provider-months/s.
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRandom } from "@faultline/core";
import { ArrivalProfile, loadFleet, runFleet, sampleDuration } from "@faultline/fleet";
import { row, smoke } from "./_run-scenario.mjs";

const fleet = loadFleet(join(dirname(fileURLToPath(import.meta.url)), "..", "fleets", "seed-exercise.yaml"));
const providerMonths = smoke ? 6_000 : 100_000;
const months = Math.ceil(providerMonths / fleet.providers.length);

/** The reference: the incident draws alone, per provider, over the same number of provider-months. */
function samplingAlone() {
  const started = performance.now();
  const rng = createRandom(fleet.seed, 0);
  const profile = new ArrivalProfile(fleet.profile.weekday, fleet.profile.hour);
  let incidents = 0;
  for (const p of fleet.providers) {
    const horizon = months * fleet.monthHours;
    let t = 0;
    while (t < horizon) {
      t = profile.advance(t, p.gapScale * sampleDuration(p.gap, rng));
      t += sampleDuration(p.repair, rng);
      incidents++;
    }
  }
  return { seconds: (performance.now() - started) / 1000, incidents };
}

const reference = samplingAlone();
const run = await runFleet(fleet, { months });
const seconds = run.elapsedMs / 1000;
const rate = (months * fleet.providers.length) / seconds;
const referenceRate = (months * fleet.providers.length) / reference.seconds;
row({
  figure: "fleet_provider_months_per_s",
  unit: "provider-months/s",
  value: rate,
  reference: referenceRate,
  ratio: rate / referenceRate,
  target: ">= 10000 (100,000 in <= 10 s)",
  // A smoke run is too short (pool start-up dominates) to judge the target.
  met: smoke ? undefined : rate >= 10_000,
  shortBy: smoke || rate >= 10_000 ? undefined : `${(10_000 - rate).toFixed(0)} provider-months/s`,
  seconds,
  threads: run.threads,
  cores: availableParallelism(),
  providerMonths: months * fleet.providers.length,
});
