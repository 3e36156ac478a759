import { createRandom, type Random } from "@faultline/core";
import { ArrivalProfile } from "./arrival-profile.js";
import { sample } from "./distribution.js";
import { EVENT } from "./event-kinds.js";
import { EventQueue } from "./event-queue.js";
import { FailoverState } from "./failover-state.js";
import { emptyTally, type CapturedImpairment, type MonthTally } from "./month-tally.js";
import type { Fleet, ImpactLevel } from "./types.js";

interface Impairment {
  id: number;
  unit: number;
  errorShare: number;
  extraLatencyMs: number;
  origin: CapturedImpairment["origin"];
  /** The incident (provider or common-cause event) it belongs to: units sharing one failed together. */
  incident: number;
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
  private nextIncident = 0;
  private now = 0;
  private readonly layer: FailoverState;
  private tally: MonthTally;
  private monthStart = 0;
  private recent: Impairment[] = [];
  private readonly seen = new Set<number>();

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
    this.layer = new FailoverState(
      fleet.failover,
      (u) => this.errorShare(u),
      (t, kind, a) => this.queue.push(t, kind, a),
      this.rng
    );
    fleet.providers.forEach((p, i) => this.scheduleIncident(i, 0, p.gapScale * sample(p.gap, this.rng)));
    if (fleet.beta > 0) this.queue.push(this.nextCommonGap(0), EVENT.COMMON_INCIDENT, 0);
    this.queue.push(fleet.monthHours, EVENT.MONTH_END, 0);
  }

  /** Simulates `warmup` discarded months, then `months` months, handing each month's tally to `onMonth`. */
  run(months: number, warmup: number, onMonth: (tally: MonthTally, index: number) => void): void {
    let done = 0;
    while (done < months + warmup) {
      const e = this.queue.pop()!;
      this.accrue(e.t);
      this.now = e.t;
      if (e.kind === EVENT.MONTH_END) {
        if (done >= warmup) onMonth(this.finishMonth(), done - warmup);
        done++;
        this.monthStart = e.t;
        this.tally = emptyTally(this.chain.length, this.capture);
        this.queue.push(e.t + this.fleet.monthHours, EVENT.MONTH_END, 0);
        continue;
      }
      if (e.kind === EVENT.PROVIDER_INCIDENT) this.providerIncident(e.a);
      else if (e.kind === EVENT.COMMON_INCIDENT) this.commonIncident();
      else if (e.kind === EVENT.IMPAIRMENT_END) this.endImpairment(e.a);
      else if (e.kind === EVENT.DETECTED) this.layer.detected(e.a);
      else if (e.kind === EVENT.FAILBACK) this.layer.failback();
      this.layer.reroute(this.now);
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
    this.nextIncident++;
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
      this.queue.push(this.profile.advance(from, operationalHours), EVENT.PROVIDER_INCIDENT, index);
  }

  private commonIncident(): void {
    const level = this.pickLevel();
    const repair = sample(this.fleet.commonRepair, this.rng);
    this.nextIncident++;
    for (let u = 0; u < this.fleet.units.length; u++) this.impair(u, level, repair, "common");
    this.tally.incidents += this.fleet.providers.length;
    this.queue.push(this.nextCommonGap(this.now + repair), EVENT.COMMON_INCIDENT, 0);
  }

  private impair(unit: number, level: ImpactLevel, hours: number, origin: Impairment["origin"]): void {
    const imp: Impairment = {
      id: this.nextId++,
      unit,
      errorShare: level.errorShare,
      extraLatencyMs: level.extraLatencyMs,
      origin,
      incident: this.nextIncident,
      level: level.name,
      start: this.now,
      end: this.now + hours,
    };
    this.active[unit]!.push(imp);
    this.byId.set(imp.id, imp);
    if (this.capture) this.recent.push(imp);
    this.queue.push(imp.end, EVENT.IMPAIRMENT_END, imp.id);
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

  /**
   * Whether the chain is down together because of a shared cause: a common-cause event, or one provider incident
   * that hit two chain units. A spread to a unit outside the chain, or to a lone chain unit, is not one.
   */
  private correlated(): boolean {
    this.seen.clear();
    for (const unit of this.chain)
      for (const imp of this.active[unit]!) {
        if (imp.origin === "common" || this.seen.has(imp.incident)) return true;
        this.seen.add(imp.incident);
      }
    return false;
  }

  /** Adds the stretch since the last event to the month: the state is constant in between. */
  private accrue(until: number): void {
    const dt = until - this.now;
    if (dt <= 0) return;
    const t = this.tally;
    for (let pos = 0; pos < this.chain.length; pos++) t.unitDownH[pos]! += this.errorShare(this.chain[pos]!) * dt;
    const unit = this.layer.servingUnit;
    const rate = this.errorShare(unit);
    let slow = 0;
    for (const imp of this.active[unit]!) if (imp.extraLatencyMs > slow) slow = imp.extraLatencyMs;
    if (slow > 0) t.degradedH += dt;
    if (rate === 0) return;
    const cause = this.layer.cause(() => this.correlated());
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
