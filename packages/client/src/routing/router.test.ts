import { afterEach, describe, expect, it } from "vitest";
import { resolveOptions } from "../options.js";
import { Endpoint, type Emit } from "../endpoint.js";
import { Router } from "./router.js";
import { FakeClock } from "../testing/fake-clock.js";

let endpoints: Endpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.flatMap((e) => [e.pool.close(), e.healthClient.close()]));
  endpoints = [];
});

function setup(strategy: string, overrides: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const options = resolveOptions(strategy, overrides);
  const events: Array<{ t: number; kind: string; from: string | null; to: string | null }> = [];
  let router: Router | null = null;
  const emit: Emit = (kind, e) => {
    events.push({ t: clock.now(), kind, from: e.from, to: e.to });
    if (kind === "health" || kind === "breaker") router?.update(clock.now());
  };
  endpoints = ["primary", "backup"].map(
    (name, i) => new Endpoint({ name, url: `http://127.0.0.1:${9 + i}/v1` }, i, options, clock, emit)
  );
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  router = new Router(endpoints, options, emit, random);
  const share = (n = 1000) => {
    let p = 0;
    for (let i = 0; i < n; i++) if (router!.order(clock.now())[0] === endpoints[0]) p += 1;
    return p / n;
  };
  return { clock, router, events, primary: endpoints[0]!, backup: endpoints[1]!, share };
}

describe("failback with hysteresis and slow start", () => {
  it("keeps traffic off a flapping primary until it has been stable for the whole window", () => {
    // A fixed window here (factor 1); failback.test.ts has the window that grows with each flap.
    const { clock, primary, events, share } = setup("active-passive", {
      stabilityWindowMs: 5000,
      slowStartMs: 3000,
      stabilityBackoffFactor: 1,
    });
    primary.setHealthy(false, "down");
    expect(share()).toBe(0);
    clock.advance(6000);
    primary.setHealthy(true, "up"); // up at 6 s
    clock.advance(2000);
    expect(share()).toBe(0); // 8 s: not yet stable
    primary.setHealthy(false, "down again"); // flaps at 8 s
    clock.advance(1000);
    primary.setHealthy(true, "up"); // up at 9 s for good
    clock.advance(4999);
    expect(share()).toBe(0); // 13.999 s: still inside the window
    clock.advance(1);
    const rampStart = share(200); // 14 s: failback, ramp begins
    expect(rampStart).toBeLessThan(0.15);
    clock.advance(1500);
    expect(share()).toBeGreaterThan(0.35); // halfway through the ramp
    expect(share()).toBeLessThan(0.65);
    clock.advance(1500);
    expect(share()).toBe(1); // ramp done: all traffic home
    clock.advance(10_000);
    expect(share()).toBe(1); // and it stays there
    expect(events.filter((e) => e.kind === "failover").map((e) => e.t)).toEqual([0]);
    expect(events.filter((e) => e.kind === "failback").map((e) => e.t)).toEqual([14_000]);
    expect(primary.flaps).toBe(1); // lost again while waiting to rejoin
  });

  it("with the default factor, a flap during the window makes the next window 4x longer", () => {
    const { clock, primary, events, share } = setup("active-passive", { stabilityWindowMs: 500, slowStartMs: 0 });
    primary.setHealthy(false, "down");
    expect(share(10)).toBe(0);
    clock.advance(1000);
    primary.setHealthy(true, "up");
    clock.advance(300);
    expect(share(10)).toBe(0);
    primary.setHealthy(false, "down again"); // inside the 500 ms window: a flap
    clock.advance(100);
    primary.setHealthy(true, "up for good"); // at 1.4 s; the window is now 2 s
    clock.advance(1999);
    expect(share(10)).toBe(0);
    clock.advance(1);
    expect(share(10)).toBe(1);
    expect(events.filter((e) => e.kind === "failback").map((e) => e.t)).toEqual([3400]);
  });

  it("in manual mode moves traffic only after the operator's detection and reaction time", () => {
    const { clock, primary, events, share } = setup("manual", { detectionDelayMs: 10_000, reactionMs: 5000 });
    primary.setHealthy(false, "down");
    clock.advance(14_999);
    expect(share()).toBe(1); // nobody has switched yet: requests still go to the dead primary
    clock.advance(1);
    expect(share()).toBe(0);
    expect(events.find((e) => e.kind === "failover")?.t).toBe(15_000);
  });

  it("spreads active-active traffic by weight and drops an unavailable endpoint at once", () => {
    const { primary, share } = setup("active-active", { weights: { primary: 3, backup: 1 } });
    expect(share(4000)).toBeCloseTo(0.75, 1);
    primary.setHealthy(false, "down");
    expect(share()).toBe(0);
  });

  it("with strategy none, always sends to the first endpoint", () => {
    const { primary, share } = setup("none");
    primary.setHealthy(false, "down");
    expect(share()).toBe(1);
  });
});
