import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { makeRunId } from "@faultline/runner";
import type { ConformanceCase } from "./case.js";
import type { CaseResult, Scorecard } from "./case-result.js";
import { CATALOGUE } from "./catalogue/index.js";
import { CONFORMANCE_DEFAULTS } from "./defaults.js";
import { runCase } from "./run-case.js";
import { selectCases } from "./select-cases.js";
import type { SystemUnderTest } from "./system-under-test.js";
import { VERDICT_ORDER, type Verdict } from "./verdicts.js";

/** How a catalogue run is set up. */
export interface RunCatalogueOptions {
  /** Folder that holds conformance run folders; default CONFORMANCE_DEFAULTS.resultsDir. */
  resultsDir?: string;
  /** Case ids to play (default: all). */
  cases?: readonly string[];
  /** Case ids whose fail exits 1; "all" for every case that runs. */
  required?: readonly string[] | "all";
  /** Cases played at once; forced to 1 when the cases share external nodes. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called as each case ends, for live output. */
  onCase?: (r: CaseResult) => void;
  /** The catalogue to play (tests pass a smaller one). */
  catalogue?: readonly ConformanceCase[];
}

/**
 * Plays the catalogue against one system. Each case starts its own nodes, so
 * cases share nothing and run `concurrency` at a time; a URL system's cases
 * share the user's nodes and run one by one.
 */
export async function runCatalogue(system: SystemUnderTest, o: RunCatalogueOptions = {}): Promise<Scorecard> {
  const { cases, required } = selectCases(o.catalogue ?? CATALOGUE, o.cases, o.required);
  const dir = resolve(o.resultsDir ?? CONFORMANCE_DEFAULTS.resultsDir, makeRunId(`conformance-${system.name}`));
  mkdirSync(dir, { recursive: true });
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const width = system.externalNodes ? 1 : Math.max(1, o.concurrency ?? CONFORMANCE_DEFAULTS.concurrency);
  const results: CaseResult[] = new Array(cases.length);
  // One case that cannot run (a node or the system does not start) stops the others: their results would
  // not make a scorecard, and their nodes should not outlive the command.
  const stop = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
  const play = async (i: number) => {
    const c = cases[i]!;
    results[i] = await runCase(c, system, { dir, required: required.has(c.id), signal });
    o.onCase?.(results[i]!);
  };
  let next = 0;
  const worker = async () => {
    while (next < cases.length && !signal.aborted) await play(next++);
  };
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(width, cases.length) }, () =>
      worker().catch((err) => (stop.abort(), Promise.reject(err)))
    )
  );
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  // Faults that landed late under the concurrent load get one more, quiet, try each.
  for (let i = 0; i < results.length && !signal.aborted; i++) {
    if (!results[i]?.unmeasured) continue;
    rmSync(join(dir, cases[i]!.id), { recursive: true, force: true });
    await play(i);
  }
  const done = results.filter(Boolean);
  const counts = Object.fromEntries(VERDICT_ORDER.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of done) counts[r.verdict]++;
  return {
    system: system.name,
    startedAt,
    wallMs: performance.now() - started,
    dir,
    cases: done,
    counts,
    requiredFailed: done.filter((r) => r.required && r.verdict === "fail").map((r) => r.id),
  };
}
