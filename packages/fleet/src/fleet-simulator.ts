import { createRandom, type Random } from "@faultline/core";
import { ArrivalProfile } from "./arrival-profile.js";
import { sample } from "./distribution.js";
import { EventQueue } from "./event-queue.js";
import { emptyTally, type CapturedImpairment, type DowntimeCause, type MonthTally } from "./month-tally.js";
import type { Fleet, ImpactLevel } from "./types.js";

// Event kinds of the agenda.
const PROVIDER_INCIDENT = 0;
const COMMON_INCIDENT = 1;
const IMPAIRMENT_END = 2;
const DETECTED = 3;
const FAILBACK = 4;
const MONTH_END = 5;

// Phases of the failover layer.
const SERVING = 0;
const DETECTING = 1;
const STUCK = 2;
const EXHAUSTED = 3;

interface Impairment {
  id: number;
  unit: number;
  errorShare: number;
  extraLatencyMs: number;
  origin: CapturedImpairment["origin"];
  level: ImpactLevel["name"];
  start: number;
  end: number;
}

/**
 * The discrete-event Monte Carlo of one fleet on a virtual clock (hours). Providers draw incidents from their gap and
 * repair distributions (gaps warped by the weekly arrival profile); an incident spreads to the provider's other units
 * by its correlation row; common-cause events hit every unit; the failover layer detects, fails over (or not), and
 * fails back. Months run back to back so incidents cross month boundaries as they do in life.
 */
export class FleetSimulator {
  private readonly rng: Random;
  private readonly profile: ArrivalProfile;
  private readonly queue = new EventQueue();
  private readonly active: Impairment[][];
  private readonly byId = new Map<number, Impairment>();
  private readonly chain: number[];
  private nextId = 0;
  private now = 0;
  private serving = 0;
  private phase = SERVING;
  private generation = 0;
  private failbackPending = false;
  private tally: MonthTally;
  private monthStart = 0;
  private recent: Impairment[] = [];

  constructor(
    private readonly fleet: Fleet,
    stream: number,
    private readonly capture = false
  ) {
    this.rng = createRandom(fleet.seed, stream);
    this.profile = new ArrivalProfile(fleet.profile.weekday, fleet.profile.hour);
    this.active = fleet.units.map(() => []);
    this.chain = fleet.failover.chain;
    this.tally = emptyTally(this.chain.length, capture);
    fleet.providers.forEach((p, i) => this.scheduleIncident(i, 0, p.gapScale * sample(p.gap, this.rng)));
    if (fleet.beta > 0) this.queue.push(this.nextCommonGap(0), COMMON_INCIDENT, 0);
    this.queue.push(fleet.monthHours, MONTH_END, 0);
  }

  /** Simulates `warmup` discarded months, then `months` months, handing each month's tally to `onMonth`. */
  run(months: number, warmup: number, onMonth: (tally: MonthTally, index: number) => void): void {
    let done = 0;
    while (done < months + warmup) {
      const e = this.queue.pop()!;
      this.accrue(e.t);
      this.now = e.t;
      if (e.kind === MONTH_END) {
        if (done >= warmup) onMonth(this.finishMonth(), done - warmup);
        done++;
        this.monthStart = e.t;
        this.tally = emptyTally(this.chain.length, this.capture);
        this.queue.push(e.t + this.fleet.monthHours, MONTH_END, 0);
        continue;
      }
      if (e.kind === PROVIDER_INCIDENT) this.providerIncident(e.a);
      else if (e.kind === COMMON_INCIDENT) this.commonIncident();
      else if (e.kind === IMPAIRMENT_END) this.endImpairment(e.a);
      else if (e.kind === DETECTED) this.detected(e.a);
      else if (e.kind === FAILBACK) this.failback();
      this.reroute();
    }
  }

  private nextCommonGap(from: number): number {
    return this.profile.advance(from, -Math.log(1 - this.rng.next()) * this.fleet.commonGapMeanHours);
  }

  private pickLevel(): ImpactLevel {
    let u = this.rng.next();
    for (const level of this.fleet.impact) {
      if (u < level.share) return level;
      u -= level.share;
    }
    return this.fleet.impact[this.fleet.impact.length - 1]!;
  }

  private providerIncident(index: number): void {
    const p = this.fleet.providers[index]!;
    const level = this.pickLevel();
    const repair = sample(p.repair, this.rng);
    const root = Math.floor(this.rng.next() * p.units.length);
    const spread = p.correlation[root]!;
    for (let j = 0; j < p.units.length; j++) {
      if (j === root) this.impair(p.units[j]!, level, repair, "own");
      else if (this.rng.next() < spread[j]!) this.impair(p.units[j]!, level, repair, "correlated");
    }
    this.tally.incidents++;
    this.scheduleIncident(index, this.now + repair, p.gapScale * sample(p.gap, this.rng));
  }

  /** The provider's next incident, `operationalHours` of arrival intensity after `from`; none when β took all (1). */
  private scheduleIncident(index: number, from: number, operationalHours: number): void {
    if (Number.isFinite(operationalHours))
      this.queue.push(this.profile.advance(from, operationalHours), PROVIDER_INCIDENT, index);
  }

  private commonIncident(): void {
    const level = this.pickLevel();
    const repair = sample(this.fleet.commonRepair, this.rng);
    for (let u = 0; u < this.fleet.units.length; u++) this.impair(u, level, repair, "common");
    this.tally.incidents += this.fleet.providers.length;
    this.queue.push(this.nextCommonGap(this.now + repair), COMMON_INCIDENT, 0);
  }

  private impair(unit: number, level: ImpactLevel, hours: number, origin: Impairment["origin"]): void {
    const imp: Impairment = {
      id: this.nextId++,
      unit,
      errorShare: level.errorShare,
      extraLatencyMs: level.extraLatencyMs,
      origin,
      level: level.name,
      start: this.now,
      end: this.now + hours,
    };
    this.active[unit]!.push(imp);
    this.byId.set(imp.id, imp);
    if (this.capture) this.recent.push(imp);
    this.queue.push(imp.end, IMPAIRMENT_END, imp.id);
  }

  private endImpairment(id: number): void {
    const imp = this.byId.get(id)!;
    this.byId.delete(id);
    const list = this.active[imp.unit]!;
    list.splice(list.indexOf(imp), 1);
  }

  private errorShare(unit: number): number {
    let e = 0;
    for (const imp of this.active[unit]!) if (imp.errorShare > e) e = imp.errorShare;
    return e;
  }

  private firstHealthy(): number {
    for (let pos = 0; pos < this.chain.length; pos++) if (this.errorShare(this.chain[pos]!) === 0) return pos;
    return -1;
  }

  private leastImpaired(): number {
    let best = 0;
    for (let pos = 1; pos < this.chain.length; pos++)
      if (this.errorShare(this.chain[pos]!) < this.errorShare(this.chain[best]!)) best = pos;
    return best;
  }

  private detected(generation: number): void {
    if (generation !== this.generation || this.phase !== DETECTING) return;
    if (this.rng.next() >= this.fleet.failover.success) {
      this.phase = STUCK;
      return;
    }
    const healthy = this.firstHealthy();
    if (healthy >= 0) {
      this.serving = healthy;
      this.phase = SERVING;
    } else {
      this.serving = this.leastImpaired();
      this.phase = EXHAUSTED;
    }
  }

  private failback(): void {
    this.failbackPending = false;
    if (this.phase !== SERVING) return;
    const healthy = this.firstHealthy();
    if (healthy >= 0 && healthy < this.serving) this.serving = healthy;
  }

  /** Moves the layer to the state the units now call for; timers carry a generation so stale ones are ignored. */
  private reroute(): void {
    const down = this.errorShare(this.chain[this.serving]!) > 0;
    if (this.phase === SERVING && down) {
      this.phase = DETECTING;
      this.queue.push(this.now + this.fleet.failover.detectionHours, DETECTED, ++this.generation);
    } else if (this.phase === DETECTING && !down) {
      this.phase = SERVING;
      this.generation++;
    } else if (this.phase === STUCK && !down) this.phase = SERVING;
    else if (this.phase === EXHAUSTED) {
      const healthy = this.firstHealthy();
      if (healthy >= 0) {
        this.serving = healthy;
        this.phase = SERVING;
      } else this.serving = this.leastImpaired();
    }
    if (this.phase === SERVING && !this.failbackPending) {
      const healthy = this.firstHealthy();
      if (healthy >= 0 && healthy < this.serving) {
        this.failbackPending = true;
        this.queue.push(this.now + this.fleet.failover.failbackHours, FAILBACK, 0);
      }
    }
  }

  private cause(): DowntimeCause {
    if (this.phase === DETECTING) return "detection";
    if (this.phase === STUCK) return "failedFailover";
    for (const unit of this.chain) for (const imp of this.active[unit]!) if (imp.origin !== "own") return "correlated";
    return "independent";
  }

  /** Adds the stretch since the last event to the month: the state is constant in between. */
  private accrue(until: number): void {
    const dt = until - this.now;
    if (dt <= 0) return;
    const t = this.tally;
    for (let pos = 0; pos < this.chain.length; pos++) t.unitDownH[pos]! += this.errorShare(this.chain[pos]!) * dt;
    const unit = this.chain[this.serving]!;
    const rate = this.errorShare(unit);
    let slow = 0;
    for (const imp of this.active[unit]!) if (imp.extraLatencyMs > slow) slow = imp.extraLatencyMs;
    if (slow > 0) t.degradedH += dt;
    if (rate === 0) return;
    const cause = this.cause();
    t.downtimeH += rate * dt;
    t.byCause[cause] += rate * dt;
    if (t.downtime) {
      const startH = this.now - this.monthStart;
      const last = t.downtime[t.downtime.length - 1];
      if (last && last.endH === startH && last.cause === cause && last.unit === unit && last.errorShare === rate)
        last.endH = startH + dt;
      else t.downtime.push({ startH, endH: startH + dt, errorShare: rate, cause, unit });
    }
  }

  private finishMonth(): MonthTally {
    const t = this.tally;
    if (t.impairments) {
      const from = this.monthStart;
      const to = this.now;
      for (const imp of this.recent)
        if (imp.end > from && imp.start < to)
          t.impairments.push({
            unit: imp.unit,
            startH: Math.max(imp.start, from) - from,
            endH: Math.min(imp.end, to) - from,
            level: imp.level,
            errorShare: imp.errorShare,
            extraLatencyMs: imp.extraLatencyMs,
            origin: imp.origin,
          });
      this.recent = this.recent.filter((imp) => imp.end > to);
    }
    return t;
  }
}
