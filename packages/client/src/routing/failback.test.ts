import { afterEach, describe, expect, it } from "vitest";
import { resolveOptions } from "../options.js";
import { Endpoint, type Emit } from "../endpoint.js";
import { FakeClock } from "../testing/fake-clock.js";
import { HealthChecker } from "./health-checker.js";
import { Router } from "./router.js";

// Failback on a fake clock: the real router and health checker, with checks that answer at once from a
// scripted primary (up or down by the clock), and one routing decision every 10 ms.
let endpoints: Endpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.flatMap((e) => [e.pool.close(), e.healthClient.close()]));
  endpoints = [];
});

/** Simulates `untilMs` of traffic; `up(t)` says whether the primary answers at time t. */
async function simulate(up: (t: number) => boolean, untilMs: number, overrides: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const options = resolveOptions("active-passive", overrides);
  const events: Array<{ t: number; kind: string; to: string | null }> = [];
  let router: Router | null = null;
  const emit: Emit = (kind, e) => {
    events.push({ t: clock.now(), kind, to: e.to });
    if (kind === "health" || kind === "breaker") router?.update(clock.now());
  };
  endpoints = ["primary", "backup"].map(
    (name, i) => new Endpoint({ name, url: `http://127.0.0.1:${9 + i}/v1` }, i, options, clock, emit)
  );
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  router = new Router(endpoints, options, emit, random);
  const primary = endpoints[0]!;
  const health = new HealthChecker(endpoints, options, clock, random, (e) =>
    Promise.resolve(e !== primary || up(clock.now()) ? null : "status 503")
  );
  health.start();
  const toPrimary: boolean[] = []; // one routing decision per 10 ms
  for (let t = 0; t < untilMs; t += 10) {
    clock.advance(10);
    await new Promise((r) => setImmediate(r)); // let the checks that fell due complete
    toPrimary.push(router.order(clock.now())[0] === primary);
  }
  health.stop();
  /** Share of decisions that went to the primary in [fromMs, toMs). */
  const share = (fromMs: number, toMs: number) => {
    const slice = toPrimary.slice(fromMs / 10, toMs / 10);
    return slice.filter(Boolean).length / slice.length;
  };
  /** Ms after `fromMs` from which every 200 ms bucket sends >= 90% to the primary (Infinity: never). */
  const ninetyPercentAfter = (fromMs: number) => {
    let settled = Infinity;
    for (let b = fromMs; b + 200 <= untilMs; b += 200)
      if (share(b, b + 200) < 0.9) settled = Infinity;
      else if (settled === Infinity) settled = b - fromMs;
    return settled;
  };
  /** How many times the majority of a 200 ms bucket changed endpoint after `fromMs`. */
  const trafficFlips = (fromMs: number, toMs = untilMs) => {
    let flips = 0,
      last: boolean | null = null;
    for (let b = fromMs; b + 200 <= toMs; b += 200) {
      const home = share(b, b + 200) >= 0.5;
      if (last !== null && home !== last) flips += 1;
      last = home;
    }
    return flips;
  };
  return { events, primary, share, ninetyPercentAfter, trafficFlips };
}

describe("failback, fast and flap-safe", () => {
  it("a recovery that holds: the primary carries >= 90% within 3 s (the old defaults took over 8 s)", async () => {
    const down = (t: number) => !(t >= 1000 && t < 11_000);
    const now = await simulate(down, 16_000);
    // 1 s after the outage began the backup carries everything.
    expect(now.share(3000, 11_000)).toBe(0);
    const fast = now.ninetyPercentAfter(11_000);
    expect(fast).toBeLessThanOrEqual(3000);
    expect(now.share(14_000, 16_000)).toBe(1);
    // Before issue 15: checks every 1 s while down, a fixed 5 s window, a 3 s ramp.
    const before = await simulate(down, 24_000, {
      unhealthyIntervalMs: 1000,
      stabilityWindowMs: 5000,
      slowStartMs: 3000,
    });
    const slow = before.ninetyPercentAfter(11_000);
    expect(slow).toBeGreaterThan(8000);
    console.log(`failback to >= 90%: ${fast} ms now, ${slow} ms with the old defaults (200 ms buckets)`);
  });

  it(
    "a primary flapping every 2 s gets traffic back once at most, then not until it holds",
    { timeout: 20_000 },
    async () => {
      // Down at 1 s; then up 2 s / down 2 s until 25 s; then up for good.
      const flapping = (t: number) => t < 1000 || t >= 25_000 || (t >= 3000 && Math.floor((t - 3000) / 2000) % 2 === 0);
      const sim = await simulate(flapping, 60_000);
      const failbacks = sim.events.filter((e) => e.kind === "failback");
      // The first recovery looks like one that holds (nothing can tell yet); the one after 25 s holds, and the primary
      // gets its traffic back once it has waited out the window its flaps grew (at most stabilityWindowMaxMs, 30 s).
      expect(failbacks.map((e) => (e.t < 25_000 ? "flapping" : "held"))).toEqual(["flapping", "held"]);
      expect(sim.ninetyPercentAfter(25_000)).toBeLessThanOrEqual(30_000 + 3000);
      // Once the first flap is detected (two failed checks, ~2 s after 5 s), the traffic stays on the backup while the
      // primary keeps flapping: no failback at any of its next four recoveries.
      expect(sim.share(7500, 25_000)).toBe(0);
      expect(sim.trafficFlips(7500, 25_000)).toBe(0);
      console.log(
        `flapping primary: failbacks at ${failbacks.map((e) => e.t).join(", ")} ms; traffic flips ` +
          `${sim.trafficFlips(0, 25_000)} before 25 s (outage, first recovery, first flap), ` +
          `${sim.trafficFlips(7500, 25_000)} while it kept flapping; ` +
          `>= 90% again ${sim.ninetyPercentAfter(25_000)} ms ` +
          `after it stopped flapping`
      );
    }
  );

  it("the window shrinks back after a long stable period: a later, single outage fails back fast again", async () => {
    // Three flaps early on, then 100 s up, then one 5 s outage.
    const early = (t: number) => t < 1000 || (t >= 2000 && t < 3000) || (t >= 4000 && t < 5000) || t >= 6000;
    const script = (t: number) => (t < 110_000 ? early(t) : t >= 115_000);
    const sim = await simulate(script, 120_000);
    expect(sim.ninetyPercentAfter(115_000)).toBeLessThanOrEqual(3000);
  }, 20_000);
});
