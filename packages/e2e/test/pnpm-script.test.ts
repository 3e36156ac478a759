import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
/** A user's shell: none of the variables the test runner's own pnpm script set. */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith("npm_") && k !== "INIT_CWD")
);

describe("pnpm faultline, the repository's script", () => {
  it("resolves paths from the folder the user stands in, and --silent leaves stdout pure JSON", () => {
    const r = spawnSync("pnpm", ["--silent", "faultline", "validate", "../scenarios/paper.yaml", "--json"], {
      cwd: join(root, "docs"),
      env: userEnv,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      files: [{ file: "../scenarios/paper.yaml", ok: true, problems: [] }],
    });
  });

  it("exits with the CLI's status and no ELIFECYCLE noise under --silent", () => {
    const r = spawnSync("pnpm", ["--silent", "faultline", "validate", "no-such.yaml"], {
      cwd: join(root, "docs"),
      env: userEnv,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "faultline: no-such.yaml: scenario file not found (check the path)\n(FAULTLINE_SCENARIO_NOT_FOUND)\n"
    );
  });
});
