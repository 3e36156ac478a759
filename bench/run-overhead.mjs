// Short-run overhead: what `faultline run` spends outside the scenario on a short run (issue 21:
// at most 3 s on a quiet machine). A two-node, one-pass, 4 s scenario is played three times by
// the binary itself (bin.js through its shebang, as an installed `faultline` runs), report
// included; the figure is the median run's wall time minus its pass time (passes.end_ms in
// events.db: the scenario's duration plus the drain of its last answers, which are the
// scenario's own requests, not overhead). The reference, measured in the same run, is a bare
// `node -e ''` start-up. Where the time goes is read from the run's own files: the run began
// (meta started_at), the log was closed (events.db's mtime), the report was written
// (report.html's mtime).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { row, smoke } from "./_run-scenario.mjs";

// BENCH_FAULTLINE_BIN measures another build's binary (an older commit's, say) the same way.
const BIN =
  process.env.BENCH_FAULTLINE_BIN ??
  join(dirname(fileURLToPath(import.meta.url)), "..", "packages", "cli", "dist", "bin.js");
const RUNS = smoke ? 1 : 3;
const SECONDS = smoke ? 1 : 4;
const TARGET_MS = 3000;

const dir = mkdtempSync(join(tmpdir(), "fl-bench-overhead-"));
const scenario = join(dir, "short.yaml");
// Realistic profiles (simulated GPU time) and short answers, so the drain is short but real.
writeFileSync(
  scenario,
  `name: short-run
duration: ${SECONDS}s
nodes:
  primary: { profile: h100-llama3-8b }
  backup: { profile: a100-llama3-8b }
client: { strategy: active-passive, order: [primary, backup] }
load: { rate: 20/s, stream: 0.5, maxTokens: { min: 16, max: 64 } }
attacks:
  - { at: ${SECONDS / 4}s, target: primary, fault: disable, duration: ${SECONDS / 4}s }
`
);

/** Wall time of a bare Node start-up, the floor any CLI pays: median of five. */
function nodeStartMs() {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ["-e", ""]);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2];
}

function playOnce(i) {
  const results = join(dir, `results-${i}`);
  const startedAt = Date.now();
  const t = performance.now();
  // The binary as a user runs it: the kernel reads its shebang (no `node` in front, so no flags from us).
  const r = spawnSync(BIN, ["run", scenario, "--results", results, "--json"], { encoding: "utf8" });
  const wallMs = performance.now() - t;
  const endedAt = startedAt + wallMs;
  if (r.status !== 0) throw new Error(`faultline run exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const runDir = join(results, readdirSync(results)[0]);
  const db = new Database(join(runDir, "events.db"), { readonly: true });
  const passMs = db.prepare("SELECT end_ms FROM passes").get().end_ms;
  const runBegan = Date.parse(db.prepare("SELECT value FROM meta WHERE key = 'started_at'").get().value);
  db.close();
  const logClosed = statSync(join(runDir, "events.db")).mtimeMs;
  const reportWritten = statSync(join(runDir, "report.html")).mtimeMs;
  return {
    wallMs,
    passMs,
    overheadMs: wallMs - passMs,
    // Process start to the run's first write: Node, the CLI's modules, the scenario's validation.
    startUpMs: runBegan - startedAt,
    // Nodes started and ready, warm-up, and after the pass: faults reverted, nodes stopped, log closed.
    nodesWarmUpShutdownMs: logClosed - runBegan - passMs,
    reportMs: reportWritten - logClosed,
    exitMs: endedAt - reportWritten,
  };
}

const reference = nodeStartMs();
const runs = Array.from({ length: RUNS }, (_, i) => playOnce(i));
const median = [...runs].sort((a, b) => a.overheadMs - b.overheadMs)[Math.floor(runs.length / 2)];
rmSync(dir, { recursive: true, force: true });
const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)]));
row({
  figure: "short_run_overhead",
  unit: "ms",
  value: median.overheadMs,
  reference,
  ratio: median.overheadMs / reference,
  target: `<= ${TARGET_MS} ms`,
  met: median.overheadMs <= TARGET_MS,
  shortBy: median.overheadMs <= TARGET_MS ? undefined : `${Math.round(median.overheadMs - TARGET_MS)} ms`,
  phases: round(median),
  runs: runs.map(round),
  loadAverage: loadavg()[0],
});
