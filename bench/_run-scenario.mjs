// Shared by the end-to-end benchmarks: writes a scenario YAML, plays it with the real runner
// (the same code path as `faultline run`, engine tuning and events.db included) and opens the
// resulting events.db. BENCH_NO_GC_TUNING=1 leaves pretenuring on, to measure what turning it off buys.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { loadScenario } from "@faultline/scenario";
import { runScenario } from "@faultline/runner";
import { tuneGcForRequestTraffic } from "@faultline/cli/engine-tuning";

/** Plays `yaml` and returns the open events.db plus the runner's result. */
export async function playScenario(yaml) {
  const dir = mkdtempSync(join(tmpdir(), "fl-bench-"));
  const file = join(dir, "scenario.yaml");
  writeFileSync(file, yaml);
  const scenario = await loadScenario(file);
  // The engine tuning `faultline run` applies around the run (packages/cli/src/engine-tuning.ts).
  const release = process.env.BENCH_NO_GC_TUNING ? () => {} : tuneGcForRequestTraffic();
  const result = await runScenario(scenario, { resultsDir: dir }).finally(release);
  return { db: new Database(join(result.runDir, "events.db"), { readonly: true }), result, dir };
}

/** Percentile of a sorted array (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Prints one benchmark row as a JSON line for bench/run.mjs. */
export function row(r) {
  console.log(JSON.stringify(r));
}

export const smoke = Boolean(process.env.BENCH_SMOKE);

/**
 * The benchmarks' scenario: two zero-latency nodes (no simulated GPU time, so every figure is
 * faultline's own cost) behind active-passive, with the given load and attacks (YAML lines).
 */
export function zeroPairScenario({ name, seconds, load, attacks = [] }) {
  return `
name: ${name}
duration: ${seconds}s
nodes:
  primary: { profile: zero }
  backup: { profile: zero }
client: { strategy: active-passive, order: [primary, backup] }
load: { ${load} }
${attacks.length ? `attacks:\n${attacks.map((a) => `  - ${a}`).join("\n")}` : ""}
`;
}
