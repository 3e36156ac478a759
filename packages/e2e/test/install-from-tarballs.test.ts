import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";

// What a user outside the repository gets: every package packed as it would be published, the tarballs installed
// in an empty folder, and `npx faultline` run there. Offline: the @faultline packages come from the tarballs
// (pnpm overrides, since they are not on a registry), everything else from pnpm's store and metadata cache,
// which the workspace install filled. On a machine whose cache lacks some metadata, the install asks the registry
// for it (and says so on stderr) rather than fail. better-sqlite3 is linked to the workspace's own build: a user's
// install downloads its prebuilt binary, which this machine cannot reach, so it would compile SQLite from source
// again (one to two minutes of both cores; on a loaded CI machine the install outran its timeout half-built).
const root = join(import.meta.dirname, "..", "..", "..");
const work = mkdtempSync(join(tmpdir(), "fl-install-"));
const tarballs = join(work, "tarballs");
const app = join(work, "app");
/** The environment of a user's shell: none of the variables the test runner's own pnpm script set. */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith("npm_") && k !== "INIT_CWD" && k !== "NODE_OPTIONS")
);

const published = readdirSync(join(root, "packages"))
  .map((d) => JSON.parse(readFileSync(join(root, "packages", d, "package.json"), "utf8")) as Record<string, unknown>)
  .filter((p) => p.private !== true);

function pnpm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("pnpm", args, { cwd, env: userEnv, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function npxFaultline(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npx", ["--offline", "faultline", ...args], {
    cwd: app,
    env: userEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The package.json inside a tarball. */
function packedManifest(tarball: string): Record<string, unknown> {
  return JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
}

beforeAll(() => {
  mkdirSync(app);
  const packed = pnpm(
    ["-r", "--filter", "./packages/*", "--filter", "!@faultline/e2e", "pack", "--pack-destination", tarballs],
    root
  );
  expect(packed.status, packed.stderr).toBe(0);
  const overrides = Object.fromEntries(
    readdirSync(tarballs).map((t) => [
      `@faultline/${/^faultline-(.+)-\d+\.\d+\.\d+\.tgz$/.exec(t)![1]}`,
      `file:${join(tarballs, t)}`,
    ])
  );
  const builtSqlite = dirname(realpathSync(createRequire(import.meta.url).resolve("better-sqlite3/package.json")));
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({
      name: "an-sre-s-folder",
      private: true,
      dependencies: { "@faultline/cli": overrides["@faultline/cli"] },
      pnpm: {
        overrides: { ...overrides, "better-sqlite3": `link:${builtSqlite}` },
        onlyBuiltDependencies: ["@resvg/resvg-js"],
      },
    })
  );
  let installed = pnpm(["install", "--offline"], app);
  if (installed.status !== 0 && /ERR_PNPM_NO_OFFLINE_META/.test(installed.stdout + installed.stderr)) {
    process.stderr.write("install-from-tarballs: pnpm's metadata cache is incomplete; asking the registry\n");
    installed = pnpm(["install", "--prefer-offline"], app);
  }
  expect(installed.status, installed.stdout + installed.stderr).toBe(0);
  expect(existsSync(join(app, "node_modules", ".bin", "faultline")), installed.stdout + installed.stderr).toBe(true);
}, 180_000);

describe("faultline installed from its packed tarballs in an empty folder", () => {
  it("packs every published package with the Apache-2.0 licence, its LICENSE file and no workspace: ranges", () => {
    const files = readdirSync(tarballs);
    expect(files).toHaveLength(published.length);
    const licence = readFileSync(join(root, "LICENSE"), "utf8");
    for (const f of files) {
      const manifest = packedManifest(join(tarballs, f));
      expect(manifest.license, f).toBe("Apache-2.0");
      expect(JSON.stringify(manifest.dependencies ?? {}), f).not.toContain("workspace:");
      expect(execFileSync("tar", ["-xzOf", join(tarballs, f), "package/LICENSE"], { encoding: "utf8" }), f).toBe(
        licence
      );
    }
  });

  it("validates a TypeScript scenario that imports defineScenario, resolving its path from the user's folder", () => {
    mkdirSync(join(app, "chaos"));
    writeFileSync(
      join(app, "chaos", "tiny.ts"),
      `import { defineScenario } from "@faultline/scenario";\n` +
        `const outageSeconds: number = 1;\n` +
        `export default defineScenario({\n` +
        `  name: "installed-tiny", duration: "3s", seed: 1,\n` +
        `  nodes: { primary: { profile: "zero" }, backup: { profile: "zero" } },\n` +
        `  client: { strategy: "active-passive", order: ["primary", "backup"] },\n` +
        `  strategies: ["active-passive"],\n` +
        `  load: { rate: "50/s" },\n` +
        `  attacks: [{ id: "outage", at: "1s", target: "primary", fault: "disable", ` +
        `duration: outageSeconds + "s" }],\n` +
        `});\n`
    );
    const r = npxFaultline(["validate", "chaos/tiny.ts"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("chaos/tiny.ts: ok\n");
    expect(r.status).toBe(0);
  });

  it("runs it: --json names the run folder under the user's results/ and its report; events.db has the attack", () => {
    const r = npxFaultline(["run", "chaos/tiny.ts", "--time-scale", "0.5", "--json"]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect([0, 1], r.stderr).toContain(r.status);
    const out = JSON.parse(r.stdout) as { runDir: string; report: string; run: { scenario: string } };
    expect(out.run.scenario).toBe("installed-tiny");
    const [runDir] = readdirSync(join(app, "results"));
    expect(realpathSync(out.runDir)).toBe(realpathSync(join(app, "results", runDir!)));
    expect(existsSync(out.report)).toBe(true);
    const db = new Database(join(out.runDir, "events.db"), { readonly: true });
    const { n, verified } = db.prepare("SELECT COUNT(*) AS n, SUM(verified) AS verified FROM attacks").get() as {
      n: number;
      verified: number;
    };
    expect([n, verified]).toEqual([1, 1]);
    const requests = (db.prepare("SELECT COUNT(*) AS n FROM requests").get() as { n: number }).n;
    expect(requests).toBeGreaterThan(50);
    db.close();
  });
});
