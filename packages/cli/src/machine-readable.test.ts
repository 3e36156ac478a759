import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempRuns, tempRunDir, writeMainRun } from "../../analytics/src/hand-run.fixture.js";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const results = tempRunDir();
const good = join(results, "2026-01-01-good");
const worse = join(results, "2026-01-02-worse");
mkdirSync(good);
mkdirSync(worse);
writeMainRun(good);
writeMainRun(worse, { lastFailureMs: 7400 });
const scenario = join(results, "s.yaml");
writeFileSync(
  scenario,
  "name: s\nduration: 10s\nnodes: { a: { profile: zero } }\n" +
    "attacks:\n  - { at: 2s, target: a, fault: disable, duration: 1s }\n"
);
const bad = join(results, "bad.yaml");
writeFileSync(bad, "name: b\nduration: 10s\nnodes: { a: { profile: zero } }\natacks: []\n");

afterAll(removeTempRuns);

/** Runs the built CLI; stdout must be JSON alone when --json is given. */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: results,
    encoding: "utf8",
    env: { ...process.env, FAULTLINE_DEBUG: "" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("--json on every command that reports", () => {
  it("validate --json: one object with every file's problems, exit 2 when any has one", () => {
    const r = cli(["validate", "s.yaml", "bad.yaml", "--json"]);
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      files: Array<{ file: string; ok: boolean; problems: string[] }>;
    };
    expect(out.ok).toBe(false);
    expect(out.files.map((f) => [f.file, f.ok])).toEqual([
      ["s.yaml", true],
      ["bad.yaml", false],
    ]);
    expect(out.files[1]!.problems[0]).toMatch(/^bad\.yaml:4: atacks: unknown key \(did you mean "attacks"\?\)/);
  });

  it("run --dry-run --json: the resolved scenario, times in ms", () => {
    const r = cli(["run", "s.yaml", "--dry-run", "--json", "--time-scale", "0.5"]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { durationMs: number; attacks: Array<{ atMs: number; durationMs: number }> };
    expect(s.durationMs).toBe(5000);
    expect(s.attacks.map((a) => [a.atMs, a.durationMs])).toEqual([[1000, 500]]);
  });

  it("compare --json: columns, each figure's values and changes, and the regressions", () => {
    const r = cli([
      "compare",
      "2026-01-02-worse",
      "--baseline",
      "2026-01-01-good",
      "--threshold",
      "availability=0.1%",
      "--json",
    ]);
    expect(r.status).toBe(1);
    const c = JSON.parse(r.stdout) as {
      columns: Array<{ label: string }>;
      rows: Array<{ figure: string; values: number[] }>;
      regressions: string[];
    };
    expect(c.columns).toHaveLength(2);
    expect(c.rows.find((x) => x.figure === "availability")!.values).toEqual([0.965, 0.915]);
    expect(c.regressions).toHaveLength(1);
  });

  it("runs --json: every saved run with its verdict and headline figures", () => {
    const r = cli(["runs", "--results", ".", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const runs = JSON.parse(r.stdout) as Array<{ run: string; verdict: string; availability: number }>;
    expect(runs.map((x) => [x.run, x.verdict, x.availability])).toEqual([
      ["2026-01-01-good", "pass", 0.965],
      ["2026-01-02-worse", "fail", 0.915],
    ]);
  });
});

describe("compare gating", () => {
  it("refuses --baseline without --threshold (exit 2), since there would be nothing to gate on", () => {
    const r = cli(["compare", "2026-01-02-worse", "--baseline", "2026-01-01-good"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--baseline needs at least one --threshold.*\(FAULTLINE_CLI_USAGE\)/s);
  });

  it("reads 0.1% as a share, not NaN", () => {
    const r = cli(["compare", "2026-01-02-worse", "--baseline", "2026-01-01-good", "--threshold", "availability=0.1%"]);
    expect(r.stderr).toContain(
      "regression: 2026-01-02-worse:active-passive: availability 91.50% vs baseline 96.50% (-5.00 pt, allowed 0.1%)"
    );
    expect(r.status).toBe(1);
  });
});
