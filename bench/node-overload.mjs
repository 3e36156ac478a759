// A node driven to ten times its slots and queue (packages/node/src/http/sustained-overload.test.ts)
// for the 30 s (3 s with --smoke, as in `pnpm test`): it must shed with 429 and
// Retry-After, answer /health, keep its RSS growth under 100 MB and serve again within 1 s.
// The test prints one line of measurements; this turns it into figures.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const loadMs = process.env.BENCH_SMOKE ? 3_000 : 30_000;
const r = spawnSync(
  process.execPath,
  [
    join(root, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "packages/node/src/http/sustained-overload.test.ts",
    `--testTimeout=${loadMs + 60_000}`,
  ],
  {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, FAULTLINE_OVERLOAD_MS: String(loadMs) },
    maxBuffer: 64 << 20,
  }
);
const passed = r.status === 0;
// overload 30000 ms, 240 callers: 2234 served, 467549 shed; /health max 121.5 ms over 391 probes; RSS 78 -> peak 144
// MB; recovered in 106 ms
const m =
  /overload \d+ ms, \d+ callers: (\d+) served, (\d+) shed; \/health max ([\d.]+) ms over (\d+) probes; RSS (\d+) -> peak (\d+) MB; recovered in (\d+) ms/.exec(
    r.stdout ?? ""
  );
// The script fails only when the test measured nothing. A test that measured but missed one of its bounds is a
// figure not met, as in any benchmark: the smoke run plays three scripts at a time, where a probe of /health can
// take over its 500 ms (466 ms and one probe too few, in a clean-clone CI run), which `pnpm test` judges alone.
if (!m) {
  process.stderr.write((r.stdout ?? "").slice(-4000) + (r.stderr ?? "").slice(-2000));
  process.exit(1);
}
if (!passed) process.stderr.write(`node-overload: the test missed a bound:\n${(r.stdout ?? "").slice(-3000)}\n`);
const [, served, shed, healthMax, , rssBefore, rssPeak, recoveryMs] = m.map(Number);
const s = loadMs / 1000;
console.log(
  JSON.stringify({
    figure: `node at 10x slots+queue for ${s} s: requests shed with 429 + Retry-After`,
    value: shed,
    reference: served,
    ratio: shed / served,
    target: "> served",
    met: shed > served,
    unit: "requests (reference: served)",
  })
);
console.log(
  JSON.stringify({
    figure: `node at 10x slots+queue for ${s} s: /health max latency`,
    value: healthMax,
    reference: null,
    ratio: null,
    target: "< 500 ms",
    met: healthMax < 500,
    unit: "ms",
  })
);
console.log(
  JSON.stringify({
    figure: `node at 10x slots+queue for ${s} s: RSS growth`,
    value: rssPeak - rssBefore,
    reference: rssBefore,
    ratio: null,
    target: "< 100 MB",
    met: rssPeak - rssBefore < 100,
    unit: "MB",
  })
);
console.log(
  JSON.stringify({
    figure: `node at 10x slots+queue for ${s} s: first 200 after the load stops`,
    value: recoveryMs,
    reference: null,
    ratio: null,
    target: "< 1000 ms",
    met: recoveryMs < 1000,
    unit: "ms",
  })
);
console.log(
  JSON.stringify({
    figure: `node at 10x slots+queue for ${s} s: every check of sustained-overload.test.ts`,
    value: passed ? 1 : 0,
    reference: null,
    ratio: null,
    target: "all pass (only 200 and 429, Retry-After on each 429, /health probed throughout)",
    met: passed,
    unit: "passed",
  })
);
