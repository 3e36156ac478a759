import { didYouMean } from "@faultline/core";
import { optionalMs } from "./durations.js";
import { ATTACK_KEYS, checkFault, checkRamp } from "./check-fault.js";
import { planMonkey } from "./monkey.js";
import { endOf, repeatOccurrences, type Occurrence } from "./occurrence.js";
import { formatPath, type ProblemList, type Segment } from "./problems.js";
import { itemKind } from "./structure.js";
import { planTarget, type NodePlace } from "./targets.js";
import { SCENARIO_DEFAULTS } from "./defaults.js";
import { fitsTimeline, showLongMs } from "./check-limits.js";
import { SCENARIO_LIMITS } from "./limits.js";

/** What planning a timeline needs to know about the rest of the scenario. */
export interface TimelineContext {
  readonly nodes: readonly NodePlace[];
  /** Length of the run, or null when it is itself invalid. */
  readonly runMs: number | null;
  readonly seed: number;
  readonly problems: ProblemList;
}

type Item = Record<string, unknown>;

const isBlock = (v: unknown): v is Item => typeof v === "object" && v !== null && !Array.isArray(v);

interface Entry {
  readonly item: Item;
  readonly path: Segment[];
  readonly id: string;
  readonly top: number;
}

const AFTER = /^\s*([A-Za-z][\w.-]*)\s*(?:\+\s*(.+?))?\s*$/;

/**
 * Turns the authored attacks list into planned occurrences: absolute and
 * relative times resolved, groups and repeats expanded, monkeys drawn.
 * Reports every problem it meets and plans everything else.
 */
export class TimelinePlanner {
  private readonly entries = new Map<Item, Entry>();
  private readonly byId = new Map<string, Entry>();
  private readonly memo = new Map<Item, Occurrence[] | null>();
  private readonly active = new Set<Item>();
  private tops: Entry[] = [];
  private chainReported = false;

  constructor(private readonly ctx: TimelineContext) {}

  /** Plans the whole attacks list. */
  plan(items: unknown): Occurrence[] {
    if (!Array.isArray(items)) return [];
    this.tops = [];
    // An item that is not a block (`-` alone, a number) is the structure check's to report; it plans nothing.
    items.forEach((item, i) => {
      if (isBlock(item)) this.tops.push(this.register(item, ["attacks", i], `attack-${i}`, this.tops.length));
    });
    const out: Occurrence[] = [];
    for (const e of this.tops) {
      const planned = this.expand(e, 0) ?? [];
      // Each item is bounded on its own; the sum is bounded here, so the whole list stays under twice the limit.
      if (!fitsTimeline(out.length + planned.length)) {
        this.ctx.problems.add(
          e.path,
          `brings the timeline past ${SCENARIO_LIMITS.attacks} attacks (docs/LIMITS.md); repeat ` +
            `attacks less often or shorten the run`
        );
        return out;
      }
      for (const o of planned) out.push(o);
    }
    return out;
  }

  private register(item: Item, path: Segment[], fallbackId: string, top: number): Entry {
    const body = itemKind(item) === "monkey" ? ((item.monkey ?? {}) as Item) : item;
    const id = typeof body.id === "string" ? body.id : fallbackId;
    const entry = { item, path, id, top };
    this.entries.set(item, entry);
    if (typeof body.id === "string") {
      if (this.byId.has(id))
        this.ctx.problems.add(
          [...path, "id"],
          `id "${id}" is already used by ${formatPath(this.byId.get(id)!.path)}; ids must be unique`
        );
      else this.byId.set(id, entry);
    } else this.byId.set(id, entry);
    for (const key of ["parallel", "serial"]) {
      const children = item[key];
      if (Array.isArray(children))
        children.forEach((c, j) => {
          if (isBlock(c)) this.register(c, [...path, key, j], `${id}.${j}`, top);
        });
    }
    return entry;
  }

  private expand(entry: Entry, baseMs: number): Occurrence[] | null {
    if (this.memo.has(entry.item)) return this.memo.get(entry.item)!;
    if (this.active.has(entry.item)) return null;
    // Each after: waits on its reference's expansion, one call deeper: a chain of 3,800 overflowed
    // the stack (exit 3). `active` holds the current chain, groups included.
    if (this.active.size >= SCENARIO_LIMITS.afterChain) {
      if (!this.chainReported)
        this.ctx.problems.add(
          [...entry.path, "after"],
          `starts a chain of after: references (and groups) more than ${SCENARIO_LIMITS.afterChain} ` +
            `deep (docs/LIMITS.md); give some of them at: times`
        );
      this.chainReported = true;
      this.memo.set(entry.item, null);
      return null;
    }
    this.active.add(entry.item);
    const start = this.startOf(entry, baseMs);
    let result: Occurrence[] | null = null;
    if (start !== null) {
      result = this.expandKind(entry, start);
      if (result) result = this.repeat(entry, result, start);
    }
    this.active.delete(entry.item);
    this.memo.set(entry.item, result);
    return result;
  }

  /** The occurrences of one attack, group or monkey item starting at `start`, before its repeats. */
  private expandKind(entry: Entry, start: number): Occurrence[] | null {
    switch (itemKind(entry.item)) {
      case "monkey":
        // A key only near "monkey" (`:monkey`, `monky`) is a monkey to the structure check, which names the key;
        // there is no block to draw from.
        return isBlock(entry.item.monkey) ? planMonkey(entry.item.monkey, entry, start, this.ctx) : null;
      case "group":
        return this.expandGroup(entry, start);
      case "attack":
        return this.expandAttack(entry, start);
    }
  }

  private startOf(entry: Entry, baseMs: number): number | null {
    const { item, path } = entry;
    if (item.at !== undefined && item.after !== undefined) {
      this.ctx.problems.add(path, "give either at: or after:, not both");
      return null;
    }
    if (typeof item.after !== "string") return baseMs + (optionalMs(item.at) ?? 0);
    const m = AFTER.exec(item.after);
    const offset = m?.[2] === undefined ? 0 : optionalMs(m[2]);
    if (!m || offset === undefined) {
      this.ctx.problems.add(
        [...path, "after"],
        `"${item.after}" is not a reference (use after: <id> or after: <id> + 2s)`
      );
      return null;
    }
    const ref = this.byId.get(m[1]!);
    if (!ref) {
      this.ctx.problems.add(
        [...path, "after"],
        `no attack has id "${m[1]}"` +
          (didYouMean(m[1]!, [...this.byId.keys()]) || ` (ids: ${[...this.byId.keys()].join(", ")})`)
      );
      return null;
    }
    if (!this.memo.has(ref.item)) {
      if (this.active.has(ref.item) || this.active.has(this.tops[ref.top]!.item)) {
        this.ctx.problems.add(
          [...path, "after"],
          `"${m[1]}" waits, directly or not, on this attack: the after: chain is a cycle`
        );
        return null;
      }
      this.expand(this.tops[ref.top]!, 0);
    }
    const refOccurrences = this.memo.get(ref.item);
    if (!refOccurrences) return null; // its own problem is already reported
    const end = endOf(refOccurrences);
    if (end === null) {
      this.ctx.problems.add(
        [...path, "after"],
        `"${m[1]}" has no duration, so it never ends; give it a duration or use at:`
      );
      return null;
    }
    return end + offset;
  }

  private expandAttack(entry: Entry, start: number): Occurrence[] | null {
    const { item, path, id } = entry;
    const params = checkFault(item, path, ATTACK_KEYS, this.ctx.problems);
    checkRamp(item, params ?? {}, path, this.ctx.problems);
    const target = planTarget(item.target, this.ctx.nodes);
    // A missing target is already reported by the schema's required rule.
    if (typeof target === "string" && item.target !== undefined) this.ctx.problems.add([...path, "target"], target);
    if (!params || typeof target === "string") return null;
    const ramp = item.ramp as { param: string; from: number; to: number; step?: unknown } | undefined;
    const durationMs = optionalMs(item.duration) ?? null;
    return [
      {
        id,
        source: id,
        atMs: start,
        durationMs,
        target,
        fault: item.fault as string,
        params,
        path,
        ramp: ramp
          ? {
              param: ramp.param,
              from: ramp.from,
              to: ramp.to,
              stepMs: optionalMs(ramp.step) ?? SCENARIO_DEFAULTS.rampStepMs,
              integer: Number.isInteger(ramp.from) && Number.isInteger(ramp.to),
            }
          : null,
      },
    ];
  }

  private expandGroup(entry: Entry, start: number): Occurrence[] | null {
    const out: Occurrence[] = [];
    const serial = Array.isArray(entry.item.serial);
    const children = (serial ? entry.item.serial : entry.item.parallel) as Item[] | undefined;
    let cursor = start;
    for (const child of children ?? []) {
      const childEntry = this.entries.get(child);
      if (!childEntry) continue; // not a block: reported by the structure check
      const planned = this.expand(childEntry, serial ? cursor : start);
      if (!planned) continue;
      if (!fitsTimeline(out.length + planned.length)) {
        this.ctx.problems.add(
          entry.path,
          `plans more than ${SCENARIO_LIMITS.attacks} attacks (docs/LIMITS.md); repeat its steps less often`
        );
        return null;
      }
      for (const o of planned) out.push(o);
      if (!serial) continue;
      const end = endOf(planned);
      if (end === null)
        this.ctx.problems.add(childEntry.path, "a serial step needs a duration so the next step knows when to start");
      else cursor = end;
    }
    return out;
  }

  private repeat(entry: Entry, base: Occurrence[], start: number): Occurrence[] | null {
    const { item, path } = entry;
    if (item.times !== undefined && item.every === undefined) {
      this.ctx.problems.add(
        [...path, "times"],
        "times: needs every: to say how far apart the repeats are (add every: 20s)"
      );
      return null;
    }
    const everyMs = optionalMs(item.every);
    if (everyMs === undefined) return base;
    if (everyMs <= 0) {
      this.ctx.problems.add([...path, "every"], "must be longer than 0ms");
      return null;
    }
    let times = typeof item.times === "number" ? item.times : 1;
    if (item.times === undefined && this.ctx.runMs !== null) {
      // Without times:, repeat for as long as whole repetitions fit in the run.
      const span = (endOf(base) ?? start) - start;
      times = Math.max(1, Math.floor((this.ctx.runMs - start - span) / everyMs) + 1);
    }
    // Nothing to repeat: without this, times: 9007199254740991 of an empty group looped for hours (found by
    // fuzz.test.ts).
    if (base.length === 0) return base;
    // Counted before it is built: `times: 100000000`, or every: 1s over ten years, once built them all and ran out of
    // memory.
    if (!fitsTimeline(times * base.length)) {
      const field = item.times === undefined ? "every" : "times";
      const how = item.times === undefined ? `every ${showLongMs(everyMs)} until the run ends` : `${times} times`;
      this.ctx.problems.add(
        [...path, field],
        `repeats ${base.length} attack(s) ${how}: ${times * base.length} attacks, more than the ` +
          `${SCENARIO_LIMITS.attacks} a timeline may hold (docs/LIMITS.md); raise every: or lower times:`
      );
      return null;
    }
    return repeatOccurrences(base, times, everyMs);
  }
}
