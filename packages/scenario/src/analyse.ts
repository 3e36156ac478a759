import { checkClientOrder, checkNodes, checkVerdictStrategy } from "./check-nodes.js";
import { SCENARIO_DEFAULTS } from "./defaults.js";
import { optionalMs } from "./durations.js";
import { checkEndsInRun } from "./expand.js";
import { checkLoadRate } from "./check-load.js";
import { checkResidency } from "./check-residency.js";
import { checkSessions } from "./check-sessions.js";
import { checkExpandedCount, checkRunBounds, checkSizes } from "./check-limits.js";
import type { Occurrence } from "./occurrence.js";
import { ProblemList } from "./problems.js";
import { checkStructure } from "./structure.js";
import { nodePlaces } from "./targets.js";
import { checkStopConditions } from "./check-stop.js";
import { TimelinePlanner } from "./timeline.js";

/** The outcome of checking a scenario: every problem, and the planned timeline when the data allowed it. */
export interface Analysis {
  readonly problems: ProblemList;
  readonly occurrences: readonly Occurrence[];
  readonly seed: number;
  readonly runMs: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw YAML, read after the schema checked it
type Raw = Record<string, any>;

function checkTokenRanges(load: Raw | undefined, problems: ProblemList): void {
  const check = (range: unknown, path: (string | number)[]) => {
    const r = range as { min?: unknown; max?: unknown } | undefined;
    if (r && typeof r === "object" && typeof r.min === "number" && typeof r.max === "number" && r.min > r.max) {
      problems.add(path, `min ${r.min} is above max ${r.max}; swap them`);
    }
  };
  if (!load || typeof load !== "object") return;
  check(load.promptTokens, ["load", "promptTokens"]);
  check(load.maxTokens, ["load", "maxTokens"]);
  if (Array.isArray(load.classes))
    load.classes.forEach((c: Raw, i: number) => {
      check(c?.promptTokens, ["load", "classes", i, "promptTokens"]);
      check(c?.maxTokens, ["load", "classes", i, "maxTokens"]);
    });
}

/** Checks a scenario's data in full (schema, names, faults, timeline) and plans its timeline. */
export function analyseScenario(data: unknown, seedOverride?: number): Analysis {
  const problems = new ProblemList();
  const empty = { problems, occurrences: [], seed: SCENARIO_DEFAULTS.seed, runMs: 0 };
  // Lengths first: checking a million entries one by one is the unbounded work the limits guard against.
  const mapping = data !== null && typeof data === "object" && !Array.isArray(data);
  if (mapping && !checkSizes(data as Raw, problems)) return empty;
  if (!checkStructure(data, problems)) return empty;
  const raw = data as Raw;
  checkRunBounds(raw, problems);
  checkNodes(raw.nodes, problems);
  const nodes = nodePlaces(raw.nodes);
  checkClientOrder(
    raw.client?.order,
    nodes.map((n) => n.name),
    problems
  );
  checkVerdictStrategy(
    raw.client,
    raw.systems ?? raw.strategies,
    problems,
    raw.systems !== undefined ? "systems" : "strategies"
  );
  checkTokenRanges(raw.load, problems);
  checkLoadRate(raw.load, problems);
  checkStopConditions(raw.stop, problems);
  checkResidency(raw.load, raw.nodes, problems);
  checkSessions(raw.load, raw.nodes, problems);
  let runMs = optionalMs(raw.duration) ?? null;
  if (runMs === 0) {
    problems.add(["duration"], "must be longer than 0s (use e.g. duration: 60s)");
    runMs = null;
  }
  const seed = seedOverride ?? (typeof raw.seed === "number" ? raw.seed : SCENARIO_DEFAULTS.seed);
  const occurrences = new TimelinePlanner({ nodes, runMs, seed, problems }).plan(raw.attacks);
  if (!checkExpandedCount(occurrences, problems)) return { problems, occurrences: [], seed, runMs: runMs ?? 0 };
  if (runMs !== null) checkEndsInRun(occurrences, runMs, problems);
  return { problems, occurrences, seed, runMs: runMs ?? 0 };
}
