// The scenario loader's fuzz test (packages/scenario/src/fuzz.test.ts) run long: random YAML and
// JSON documents must each be answered with problems (exit 2) or a scenario (exit 0), never a
// crash, a stack trace or a validate that takes seconds. `pnpm test` runs 100 documents of each
// kind; this runs 10,000 (1,000 with --smoke). FAULTLINE_FUZZ_SEED picks another seed.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const runs = process.env.BENCH_SMOKE ? 1_000 : 10_000;
const seed = process.env.FAULTLINE_FUZZ_SEED ?? "24";
const started = Date.now();
const r = spawnSync(
  process.execPath,
  [join(root, "node_modules", "vitest", "vitest.mjs"), "run", "packages/scenario/src/fuzz.test.ts"],
  {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, FAULTLINE_FUZZ_RUNS: String(runs), FAULTLINE_FUZZ_SEED: seed },
    maxBuffer: 64 << 20,
  }
);
const passed = r.status === 0;
if (!passed) process.stderr.write((r.stdout ?? "").slice(-4000) + (r.stderr ?? "").slice(-2000));
console.log(
  JSON.stringify({
    figure: `scenario loader fuzz: random documents answered with exit 0 or 2 (seed ${seed})`,
    value: passed ? runs * 2 : 0,
    reference: runs * 2,
    ratio: null,
    target: "all, none over 2 s",
    met: passed,
    unit: `documents, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  })
);
if (!passed) process.exit(1);
