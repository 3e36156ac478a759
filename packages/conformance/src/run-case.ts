import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { isFaultlineError } from "@faultline/core";
import { RunnerErrorCodes, runScenario } from "@faultline/runner";
import { loadScenario } from "@faultline/scenario";
import type { ConformanceCase } from "./case.js";
import type { CaseResult } from "./case-result.js";
import { caseScenario } from "./case-scenario.js";
import { faultTimingProblem } from "./evidence/fault-timing.js";
import { readEvidence } from "./evidence/read-evidence.js";
import { gradeCase } from "./rules.js";
import type { SystemUnderTest } from "./system-under-test.js";

/** Where and how one case runs. */
export interface RunCaseOptions {
  /** The conformance run folder; the case gets `<dir>/<case id>/`. */
  dir: string;
  required: boolean;
  signal?: AbortSignal;
}

/**
 * Plays one case against the system and grades it from its events.db. A
 * system that dies mid-case is a finding (fail); any other runtime failure
 * (a node or the system does not start) is thrown: the case proved nothing.
 */
export async function runCase(c: ConformanceCase, system: SystemUnderTest, o: RunCaseOptions): Promise<CaseResult> {
  const started = performance.now();
  const caseDir = join(o.dir, c.id);
  mkdirSync(caseDir, { recursive: true });
  const file = join(caseDir, "scenario.yaml");
  // JSON is YAML: the file replays with `faultline run`, and no second serialiser is needed.
  writeFileSync(file, JSON.stringify(caseScenario(c, system), null, 2) + "\n");
  const scenario = await loadScenario(file);
  const base = { ...identity(c, o.required), runDir: caseDir };
  try {
    await runScenario(scenario, { resultsDir: o.dir, runId: c.id, ...(o.signal ? { signal: o.signal } : {}) });
  } catch (err) {
    // The runner picks the gateway's port by binding port 0 and letting go; with cases started side by side,
    // another case's node can take it first. The gateway then cannot listen: that is the runner's race, not a
    // finding about the system, so the case is played again alone.
    if (isFaultlineError(err) && err.message.includes("EADDRINUSE"))
      return {
        ...base,
        verdict: "not-run",
        reason:
          "not measured: the system's port was taken by another process as it started (cases started side by side)",
        requests: 0,
        wallMs: performance.now() - started,
        unmeasured: true,
      };
    if (!isFaultlineError(err) || err.code !== RunnerErrorCodes.SYSTEM_DIED) throw err;
    return {
      ...base,
      verdict: "fail",
      reason: `the system died during the case: ${err.message.split("\n")[0]}`,
      requests: readEvidence(join(caseDir, "events.db"), scenario.load.timeoutMs).requests.length,
      wallMs: performance.now() - started,
    };
  }
  const evidence = readEvidence(join(caseDir, "events.db"), scenario.load.timeoutMs);
  if (o.signal?.aborted)
    return {
      ...base,
      verdict: "not-run",
      reason: "not measured: interrupted before the case ended",
      requests: evidence.requests.length,
      wallMs: performance.now() - started,
    };
  const late = faultTimingProblem(evidence);
  if (late)
    return {
      ...base,
      verdict: "not-run",
      reason: `not measured: ${late}; the machine was too busy (rerun with a lower --concurrency)`,
      requests: evidence.requests.length,
      wallMs: performance.now() - started,
      unmeasured: true,
    };
  const graded = gradeCase(c, evidence);
  const callerOnly = evidence.nodeLog ? "" : " (caller-side evidence only: the nodes logged no attempt)";
  return {
    ...base,
    verdict: graded.verdict,
    reason: graded.reason + callerOnly,
    requests: evidence.requests.length,
    wallMs: performance.now() - started,
  };
}

function identity(c: ConformanceCase, required: boolean) {
  return {
    id: c.id,
    group: c.group,
    title: c.title,
    property: c.property,
    required,
    persona: personasOf(c),
  };
}

/** The personas the case's nodes wear, or null when both answer as the simulator's default (OpenAI). */
function personasOf(c: ConformanceCase): string | null {
  const worn = [c.nodes?.primary?.persona, c.nodes?.backup?.persona].filter((p): p is string => p !== undefined);
  return worn.length > 0 ? [...new Set(worn)].join(", ") : null;
}
