import { FaultlineError } from "@faultline/core";
import { analyseScenario } from "./analyse.js";
import { buildScenario } from "./build-scenario.js";
import { ScenarioErrorCodes } from "./errors.js";
import { showLongMs } from "./check-limits.js";
import { SCENARIO_LIMITS } from "./limits.js";
import { formatPath } from "./problems.js";
import { readScenarioSource, type ScenarioSource } from "./source.js";
import type { Scenario, SystemSpec } from "./types.js";
import { resolveSystems } from "./systems/resolve-systems.js";

/** How loadScenario may adjust a scenario. */
export interface LoadOptions {
  /**
   * Multiplies every time (at, duration, every, after offsets, run length, stop windows); fault magnitudes stay.
   * Default 1.
   */
  timeScale?: number;
  /** Replaces the file's seed. */
  seed?: number;
}

function checkOptions(options: LoadOptions): void {
  const { timeScale, seed } = options;
  if (timeScale !== undefined && !(Number.isFinite(timeScale) && timeScale > 0)) {
    throw new FaultlineError(
      ScenarioErrorCodes.OPTION_INVALID,
      `timeScale: ${JSON.stringify(timeScale)} must be a number above 0 (e.g. 0.1 plays the run ten times faster)`,
      { field: "timeScale" }
    );
  }
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new FaultlineError(
      ScenarioErrorCodes.OPTION_INVALID,
      `seed: ${JSON.stringify(seed)} must be a whole number from 0 to 4294967295`,
      { field: "seed" }
    );
  }
}

function formatted(
  source: ScenarioSource,
  seed?: number
): { problems: string[]; analysis: ReturnType<typeof analyseScenario> | null; systems: SystemSpec[] } {
  if (source.parseProblems.length > 0) return { problems: [...source.parseProblems], analysis: null, systems: [] };
  const analysis = analyseScenario(source.data, seed);
  const isMap = source.data !== null && typeof source.data === "object" && !Array.isArray(source.data);
  const resolved = isMap
    ? resolveSystems(source.data as Record<string, unknown>, source)
    : { systems: [], problems: [] };
  // Only the first ones are placed: finding a line walks the document, and 88,000 unknown keys took minutes.
  const located = [...analysis.problems.items.map((p) => ({ source, ...p })), ...resolved.problems];
  const shown = located.slice(0, SCENARIO_LIMITS.problemsShown);
  const more = located.length - shown.length;
  // Reported file by file, each in line order (a stable sort keeps checks on one line in the order they ran).
  const files = [...new Set([source.file, ...shown.map((p) => p.source.file)])];
  const problems = shown
    .map((p) => ({ file: files.indexOf(p.source.file), line: p.source.lineOf(p.path, p.atKey), p }))
    .sort((a, b) => a.file - b.file || (a.line ?? 0) - (b.line ?? 0))
    .map(({ line, p }) => `${p.source.file}${line === null ? "" : `:${line}`}: ${formatPath(p.path)}: ${p.message}`);
  if (more > 0) problems.push(`${source.file}: ... and ${more} more problem(s) not shown; fix these first`);
  return { problems, analysis, systems: resolved.systems };
}

/** Checks a scenario file and returns every problem at once, each as `file:line: path: message`. */
export async function validateScenarioFile(path: string): Promise<{ problems: string[] }> {
  const { problems } = formatted(await readScenarioSource(path));
  return { problems };
}

/** Loads, validates and resolves a scenario file (YAML, or a JS module exporting defineScenario({...})). */
export async function loadScenario(path: string, options: LoadOptions = {}): Promise<Scenario> {
  checkOptions(options);
  const source = await readScenarioSource(path);
  const { problems, analysis, systems } = formatted(source, options.seed);
  if (problems.length > 0 || !analysis) {
    throw new FaultlineError(ScenarioErrorCodes.INVALID, problems[0]!, { details: problems, field: "scenario" });
  }
  const scaledMs = analysis.runMs * (options.timeScale ?? 1);
  if (scaledMs > SCENARIO_LIMITS.runMs) {
    throw new FaultlineError(
      ScenarioErrorCodes.OPTION_INVALID,
      `timeScale: ${options.timeScale} makes the run ${showLongMs(scaledMs)} long, more than the ` +
        `${showLongMs(SCENARIO_LIMITS.runMs)} a run may last; use a smaller --time-scale`,
      { field: "timeScale" }
    );
  }
  return buildScenario(source.data as Record<string, unknown>, analysis, path, options.timeScale ?? 1, systems);
}
