import { parseDuration, parseRate } from "@faultline/core";
import { SCENARIO_LIMITS } from "./limits.js";
import type { Occurrence } from "./occurrence.js";
import type { ProblemList, Segment } from "./problems.js";

type Raw = Record<string, unknown>;

/** Milliseconds as the largest whole unit a person would write: 2073600000 -> "576h". */
export function showLongMs(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)}h`;
  if (ms >= 1000) return `${+(ms / 1000).toFixed(1)}s`;
  return `${ms}ms`;
}

/** Reports the list at `path` when it holds more than `max` entries; true when it fits. */
function fitsList(length: number, max: number, path: Segment[], what: string, problems: ProblemList): boolean {
  if (length <= max) return true;
  problems.add(path, `holds ${length} ${what}, more than the ${max} a scenario may have (docs/LIMITS.md)`);
  return false;
}

/** Counts authored attack items, groups' children included, and their deepest nesting, without recursing. */
function countAttackItems(attacks: unknown): { items: number; depth: number } {
  const stack: Array<[unknown, number]> = [[attacks, 1]];
  let items = 0;
  let depth = 0;
  while (stack.length > 0 && items <= SCENARIO_LIMITS.attackItems) {
    const [list, level] = stack.pop()!;
    if (!Array.isArray(list)) continue;
    items += list.length;
    depth = Math.max(depth, level);
    for (const item of list) {
      if (item !== null && typeof item === "object")
        stack.push([(item as Raw).parallel, level + 1], [(item as Raw).serial, level + 1]);
    }
  }
  return { items, depth };
}

/**
 * Checks the lengths of every list and map a scenario may grow, before the
 * schema or the timeline looks at their entries. Returns false when one is
 * over its bound, and analysis stops there: checking a million entries one
 * by one is the unbounded work this guards against.
 */
export function checkSizes(raw: Raw, problems: ProblemList): boolean {
  let ok = true;
  const nodes = raw.nodes;
  if (nodes !== null && typeof nodes === "object")
    ok = fitsList(Object.keys(nodes).length, SCENARIO_LIMITS.nodes, ["nodes"], "nodes", problems) && ok;
  const classes = (raw.load as Raw | undefined)?.classes;
  if (Array.isArray(classes))
    ok =
      fitsList(classes.length, SCENARIO_LIMITS.requestClasses, ["load", "classes"], "request classes", problems) && ok;
  const lists: Array<[unknown, Segment[]]> = [
    [raw.systems, ["systems"]],
    [raw.strategies, ["strategies"]],
    [(raw.client as Raw | undefined)?.order, ["client", "order"]],
    [raw.stop, ["stop"]],
  ];
  for (const [list, path] of lists)
    if (Array.isArray(list)) ok = fitsList(list.length, SCENARIO_LIMITS.listItems, path, "entries", problems) && ok;
  const { items, depth } = countAttackItems(raw.attacks);
  if (items > SCENARIO_LIMITS.attackItems) {
    problems.add(
      ["attacks"],
      `holds more than ${SCENARIO_LIMITS.attackItems} attack items (groups' children included); ` +
        `use times:/every: or a monkey block instead of writing each one out (docs/LIMITS.md)`
    );
    ok = false;
  } else if (depth > SCENARIO_LIMITS.groupDepth) {
    problems.add(
      ["attacks"],
      `nests groups ${depth - 1} deep, more than the ${SCENARIO_LIMITS.groupDepth - 1} a scenario ` +
        `may (docs/LIMITS.md); flatten the groups`
    );
    ok = false;
  }
  if (Array.isArray(raw.attacks))
    raw.attacks.forEach((item: unknown, i) => {
      const faults = (item as { monkey?: { faults?: unknown } } | null)?.monkey?.faults;
      if (Array.isArray(faults))
        ok =
          fitsList(
            faults.length,
            SCENARIO_LIMITS.monkeyFaults,
            ["attacks", i, "monkey", "faults"],
            "faults",
            problems
          ) && ok;
    });
  return ok;
}

function rateOf(value: unknown): number | null {
  try {
    return parseRate(value);
  } catch {
    return null; // malformed: the schema reports it
  }
}

function msOf(value: unknown): number | null {
  try {
    return value === undefined ? null : parseDuration(value);
  } catch {
    return null; // malformed: the schema reports it
  }
}

/** Checks the run's length, the request timeout and the load rate against SCENARIO_LIMITS. */
export function checkRunBounds(raw: Raw, problems: ProblemList): void {
  const max = SCENARIO_LIMITS.runMs;
  const runMs = msOf(raw.duration);
  if (runMs !== null && runMs > max)
    problems.add(
      ["duration"],
      `${showLongMs(runMs)} is longer than the ${showLongMs(max)} a run may last (timers cannot ` +
        `wait past 24.8 days); split it into shorter runs`
    );
  const load = (raw.load ?? {}) as Raw;
  const timeoutMs = msOf(load.timeout);
  if (timeoutMs !== null && timeoutMs > max)
    problems.add(
      ["load", "timeout"],
      `${showLongMs(timeoutMs)} is longer than the ${showLongMs(max)} a timer can wait`
    );
  checkTokens(load.promptTokens, ["load", "promptTokens"], problems);
  checkTokens(load.maxTokens, ["load", "maxTokens"], problems);
  if (Array.isArray(load.classes))
    load.classes.forEach((c: unknown, i) => {
      checkTokens((c as Raw | null)?.promptTokens, ["load", "classes", i, "promptTokens"], problems);
      checkTokens((c as Raw | null)?.maxTokens, ["load", "classes", i, "maxTokens"], problems);
    });
  const rate = load.rate;
  const ends: Array<[unknown, Segment[]]> =
    rate !== null && typeof rate === "object"
      ? [
          [(rate as Raw).from, ["load", "rate", "from"]],
          [(rate as Raw).to, ["load", "rate", "to"]],
        ]
      : [[rate, ["load", "rate"]]];
  for (const [value, path] of ends) {
    const perSecond = value === undefined ? null : rateOf(value);
    if (perSecond !== null && perSecond > SCENARIO_LIMITS.ratePerSecond) {
      problems.add(
        path,
        `${perSecond} requests/s is more than one runner can send (at most ` +
          `${SCENARIO_LIMITS.ratePerSecond}/s; about 8,000/s held in docs/BENCHMARKS.md); lower the ` +
          `rate, or split the load across several runs against the same nodes`
      );
    }
  }
}

/** Reports token counts (`promptTokens`, `maxTokens`, fixed or `{min, max}`) above SCENARIO_LIMITS.tokens. */
function checkTokens(value: unknown, path: Segment[], problems: ProblemList): void {
  const top =
    typeof value === "number" ? value : value !== null && typeof value === "object" ? (value as Raw).max : undefined;
  if (typeof top === "number" && top > SCENARIO_LIMITS.tokens) {
    problems.add(
      path,
      `${top} tokens is more than the ${SCENARIO_LIMITS.tokens} a request may ask for, about the ` +
        `longest context any model offers (docs/LIMITS.md)`
    );
  }
}

/** How many attacks expanding `o` makes: one per ramp step per target node. */
function expandedCount(o: Occurrence): number {
  const targets = o.target.kind === "fixed" ? o.target.names.length : o.target.count;
  const steps = o.ramp && o.durationMs !== null ? Math.max(1, Math.ceil(o.durationMs / o.ramp.stepMs)) : 1;
  return steps * targets;
}

/**
 * Counts the attacks the planned occurrences will expand into (ramp steps,
 * target nodes) before expand.ts builds them. Reports the ramp or target that
 * passes the bound; false when the timeline must not be built.
 */
export function checkExpandedCount(occurrences: readonly Occurrence[], problems: ProblemList): boolean {
  const reported = new Set<string>();
  let total = 0;
  for (const o of occurrences) {
    const key = o.path.join("/");
    if (o.ramp && o.ramp.stepMs <= 0) {
      if (!reported.has(key)) problems.add([...o.path, "ramp", "step"], "must be longer than 0ms");
      reported.add(key);
      return false;
    }
    const n = expandedCount(o);
    total += n;
    if (total > SCENARIO_LIMITS.attacks) {
      const where = o.ramp ? [...o.path, "ramp", "step"] : [...o.path];
      const why = o.ramp
        ? `its ramp makes ${n} steps of ${showLongMs(o.ramp.stepMs)}; lengthen the step, shorten the ` +
          `attack or repeat it less`
        : `it lands on ${n} node(s) each time; repeat it less or aim it at fewer nodes`;
      problems.add(
        where,
        `the timeline would hold more than ${SCENARIO_LIMITS.attacks} attacks (${why}) (docs/LIMITS.md)`
      );
      return false;
    }
  }
  return true;
}

/**
 * Whether `count` more planned attacks fit the timeline's bound. The planner
 * calls it with the size a repeat or a group is about to have, before it is built.
 */
export function fitsTimeline(count: number): boolean {
  return count <= SCENARIO_LIMITS.attacks;
}
