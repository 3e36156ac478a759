import type { Clock, Timer } from "@faultline/core";
import type { ClientOptions } from "../defaults.js";
import type { Endpoint } from "../endpoint.js";

/** Checks one endpoint's health: null when healthy, else why not. */
export type Probe = (e: Endpoint) => Promise<string | null>;

/**
 * Active health checks: GET <origin>/health on an interval with jitter and a
 * timeout. An endpoint turns unhealthy after `unhealthyThreshold` failed
 * checks in a row and healthy again after `healthyThreshold` passes in a row
 * (hysteresis, so one lucky probe does not bring a flapping node back).
 * An endpoint that is unhealthy or waiting to rejoin is checked every
 * `unhealthyIntervalMs` (Envoy's unhealthy_interval): its recovery is seen
 * sooner, and the checks are the evidence its stability window is passed on.
 */
export class HealthChecker {
  private readonly timers = new Map<Endpoint, Timer>();
  private readonly streaks = new Map<Endpoint, { ok: number; failed: number }>();
  private stopped = true;
  /** Checks sent, for /status and tests. */
  checks = 0;

  constructor(
    private readonly endpoints: readonly Endpoint[],
    private readonly options: ClientOptions,
    private readonly clock: Clock,
    private readonly random: () => number,
    /** How one check is made; tests pass one that answers at once on a fake clock. */
    private readonly probe: Probe = (e) => httpProbe(e, options, clock)
  ) {}

  /** Starts checking every endpoint; the first check goes out at once. */
  start(): void {
    if (!this.stopped || !this.options.healthChecks) return;
    this.stopped = false;
    for (const e of this.endpoints) {
      this.streaks.set(e, { ok: 0, failed: 0 });
      void this.check(e);
    }
  }

  /** Stops every pending check. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private schedule(e: Endpoint): void {
    if (this.stopped) return;
    const { healthIntervalMs, unhealthyIntervalMs, healthJitter: jitter } = this.options;
    const watched = !e.healthy || !e.inRotation;
    const interval = watched ? Math.min(healthIntervalMs, unhealthyIntervalMs) : healthIntervalMs;
    const delay = interval * (1 + jitter * (2 * this.random() - 1));
    const t = this.clock.setTimeout(() => void this.check(e), delay);
    if (typeof t === "object" && t?.unref) t.unref();
    this.timers.set(e, t);
  }

  private async check(e: Endpoint): Promise<void> {
    this.checks += 1;
    const reason = await this.probe(e);
    if (this.stopped) return;
    const s = this.streaks.get(e)!;
    if (reason === null) {
      s.ok += 1;
      s.failed = 0;
    } else {
      s.failed += 1;
      s.ok = 0;
    }
    if (!e.healthy && s.ok >= this.options.healthyThreshold)
      e.setHealthy(true, `${s.ok} health checks passed in a row`);
    // With active checks, a passing check is the breaker's half-open probe: no live request pays for it.
    if (reason === null && e.healthy && this.options.breaker && e.breaker.state !== "closed" && e.breaker.tryPass())
      e.breaker.onSuccess();
    if (e.healthy && s.failed >= this.options.unhealthyThreshold)
      e.setHealthy(false, `${s.failed} health checks failed in a row: ${reason}`);
    // Below the unhealthy threshold, a failed check still restarts the window of an endpoint waiting to rejoin.
    else if (reason !== null && e.healthy) e.probeFailed();
    this.schedule(e);
  }
}

/** GET <origin>/health on the endpoint's own connection, within healthTimeoutMs. */
async function httpProbe(e: Endpoint, options: ClientOptions, clock: Clock): Promise<string | null> {
  const ac = new AbortController();
  const timer = clock.setTimeout(() => ac.abort(), options.healthTimeoutMs);
  try {
    const res = await e.healthClient.request({ path: "/health", method: "GET", signal: ac.signal });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 300 ? null : `status ${res.statusCode}`;
  } catch (err) {
    return ac.signal.aborted
      ? `no answer within ${options.healthTimeoutMs} ms`
      : (err as Error).message || "connection failed";
  } finally {
    clock.clearTimeout(timer);
  }
}
