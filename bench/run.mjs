#!/usr/bin/env node
// Runs every benchmark in bench/ and prints one table: figure, reference measured in the
// same run, ratio, target, met. Each benchmark is a script that prints JSON lines
//   {"figure": "...", "value": n, "reference": n|null, "ratio": n|null, "target": "...", "met": bool, "unit": "..."}
// `--smoke` sets BENCH_SMOKE=1: the scripts use short durations that only prove they work.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// Every benchmark runs in its own process with the V8 flags `faultline` runs with (ENGINE_FLAGS,
// packages/cli/src/engine-tuning.ts). BENCH_NO_ENGINE_FLAGS=1 runs them without, to measure what they buy.
const { ENGINE_FLAGS } = await import("@faultline/cli/engine-tuning");
const FAULTLINE_NODE_FLAGS = process.env.BENCH_NO_ENGINE_FLAGS ? [] : [...ENGINE_FLAGS];
const smoke = process.argv.includes("--smoke");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const scripts = readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && f !== "run.mjs" && !f.startsWith("_"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

// A smoke run only proves each script works (its figures are not judged), so three run at a time (96 s for the
// whole smoke suite on a quiet 2-core machine). A measuring run plays one at a time, alone on the cores.
const CONCURRENCY = smoke ? 3 : 1;

/**
 * Runs one benchmark script in its own process; resolves with its exit and output. The script's temporary files
 * (run folders, a 1M-request events.db) go to a folder of its own through TMPDIR, removed when it succeeds and kept,
 * and named, when it fails.
 */
function runScript(script) {
  return new Promise((resolve) => {
    const started = Date.now();
    const tmp = mkdtempSync(join(tmpdir(), `faultline-bench-${script.replace(/\.mjs$/, "")}-`));
    const child = spawn(process.execPath, [...FAULTLINE_NODE_FLAGS, join(here, script)], {
      env: { ...process.env, BENCH_SMOKE: smoke ? "1" : "", TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 15 * 60_000);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      const ok = status === 0 && stdout.split("\n").some((l) => l.startsWith("{"));
      if (ok) rmSync(tmp, { recursive: true, force: true });
      resolve({ script, status, signal, stdout, stderr, ok, tmp, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const outcomes = new Array(scripts.length);
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < scripts.length) {
      const i = next++;
      process.stderr.write(`bench: ${scripts[i]}${smoke ? " (smoke)" : ""}\n`);
      outcomes[i] = await runScript(scripts[i]);
      const o = outcomes[i];
      if (o.ok) process.stderr.write(`bench: ${o.script} done in ${o.seconds.toFixed(1)} s\n`);
    }
  })
);

const rows = [];
let failedScripts = 0;
for (const r of outcomes) {
  const lines = r.stdout.split("\n").filter((l) => l.startsWith("{"));
  for (const l of lines) {
    try {
      rows.push({ bench: r.script, ...JSON.parse(l) });
    } catch {
      /* not a result line */
    }
  }
  if (!r.ok) {
    failedScripts++;
    process.stderr.write(
      `bench: ${r.script} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ""}; its temporary files are in ` +
        `${r.tmp})\n${r.stderr.slice(-2000)}\n`
    );
  }
}

const fmt = (v) =>
  v === null || v === undefined
    ? "-"
    : typeof v === "number"
      ? Math.abs(v) >= 100
        ? v.toFixed(0)
        : v.toFixed(3)
      : String(v);
const header = ["figure", "value", "reference", "ratio", "target", "met"];
const table = rows.map((r) => [
  r.figure + (r.unit ? ` (${r.unit})` : ""),
  fmt(r.value),
  fmt(r.reference),
  fmt(r.ratio),
  String(r.target ?? "-"),
  r.met === undefined ? "-" : r.met ? "yes" : `NO${r.shortBy ? ` (short by ${r.shortBy})` : ""}`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
console.log(line(header));
for (const t of table) console.log(line(t));
const md = [
  `| ${header.join(" | ")} |`,
  `| ${header.map(() => "---").join(" | ")} |`,
  ...table.map((t) => `| ${t.join(" | ")} |`),
].join("\n");
mkdirSync(join(here, "results"), { recursive: true });
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  smoke,
  cpus: (await import("node:os")).cpus().length,
};
writeFileSync(join(here, "results", "latest.json"), JSON.stringify({ ...meta, rows }, null, 2) + "\n");
writeFileSync(join(here, "results", "latest.md"), md + "\n");
console.log(`\n${rows.length} figures from ${scripts.length} benchmarks; written to bench/results/latest.{json,md}`);
if (failedScripts > 0) {
  console.error(`bench: ${failedScripts} benchmark script(s) failed`);
  process.exit(1);
}
