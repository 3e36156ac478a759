import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, spawnCli } from "./cli.js";

const root = join(import.meta.dirname, "..", "..", "..");
const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8")) as {
  services: Record<
    string,
    { command: string[]; environment?: Record<string, string>; healthcheck?: { test: string[] } }
  >;
};
const hasDockerCompose = spawnSync("docker-compose", ["version"], { stdio: "ignore" }).status === 0;
const token = "compose-test-token";
const children: ChildProcess[] = [];

/**
 * Starts a compose service's command with the CLI, on a free port instead of its fixed one; `rewrite` swaps
 * compose's service URLs (http://primary:8001) for where the test's services listen.
 */
function startService(name: string, rewrite: Record<string, string> = {}): Promise<string> {
  const args = compose.services[name]!.command.map((a) =>
    Object.entries(rewrite).reduce((x, [from, to]) => x.replaceAll(from, to), a)
  );
  args[args.indexOf("--port") + 1] = "0";
  args[args.indexOf("--host") + 1] = "127.0.0.1";
  const child = spawnCli(args, {
    env: { ...process.env, FAULTLINE_ADMIN_TOKEN: token },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`${name} exited ${code}: ${out}`)));
  });
}

afterAll(() => {
  for (const c of children) c.kill("SIGTERM");
});

describe("docker-compose.yml", () => {
  // docker-compose 1.x is a Python program: its two starts here took over 30 s beside the example runs on 2 cores.
  it.skipIf(!hasDockerCompose)(
    "is a valid compose file (docker-compose config), refused without a token",
    () => {
      const config = (env: Record<string, string | undefined>) =>
        spawnSync("docker-compose", ["-f", join(root, "docker-compose.yml"), "config", "-q"], {
          encoding: "utf8",
          env: { ...process.env, ...env },
        });
      const r = config({ FAULTLINE_ADMIN_TOKEN: token });
      expect(r.status, r.stderr).toBe(0);
      const none = config({ FAULTLINE_ADMIN_TOKEN: "" });
      expect(none.status).not.toBe(0);
      expect(none.stderr).toContain("set FAULTLINE_ADMIN_TOKEN to a secret of your own");
    },
    120_000
  );

  it("gateway: its healthcheck passes against the gateway its service starts, and fails when it is gone", async () => {
    const [primary, backup] = await Promise.all([startService("primary"), startService("backup")]);
    const gateway = await startService("gateway", {
      "http://primary:8001": primary!,
      "http://backup:8002": backup!,
    });
    const origin = new URL(gateway).origin;
    const [cmd, bin, flag, script] = compose.services.gateway!.healthcheck!.test;
    expect([cmd, bin, flag]).toEqual(["CMD", "node", "-e"]);
    const check = (at: string) =>
      spawnSync(process.execPath, ["-e", script!.replaceAll("http://127.0.0.1:8080", at)], { timeout: 10_000 }).status;
    expect(check(origin)).toBe(0);
    expect(check("http://127.0.0.1:1")).toBe(1);
  }, 30_000);

  it("runner: its scenario validates and its last system is the gateway service, once healthy", async () => {
    const file = join(root, "docker", "compose-scenario.yaml");
    const r = await runCli(["validate", file, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const systems = (parse(readFileSync(file, "utf8")) as { systems: Array<string | { name: string; url: string }> })
      .systems;
    const gateway = compose.services.gateway!.command;
    const url = `http://gateway:${gateway[gateway.indexOf("--port") + 1]}/v1`;
    expect(systems.at(-1)).toEqual({ name: "compose-gateway", url });
    const runner = parse(readFileSync(join(root, "docker-compose.yml"), "utf8")) as {
      services: { runner: { depends_on: Record<string, { condition: string }> } };
    };
    expect(runner.services.runner.depends_on.gateway).toEqual({ condition: "service_healthy" });
  });

  it("runs its scenario against the nodes and the gateway its services start", async () => {
    const [primary, backup] = await Promise.all([startService("primary"), startService("backup")]);
    const gateway = await startService("gateway", {
      "http://primary:8001": primary!,
      "http://backup:8002": backup!,
    });
    const scenario = readFileSync(join(root, "docker", "compose-scenario.yaml"), "utf8")
      .replaceAll("http://primary:8001", primary!)
      .replaceAll("http://backup:8002", backup!)
      .replaceAll("http://gateway:8080", new URL(gateway).origin);
    const dir = mkdtempSync(join(tmpdir(), "fl-compose-"));
    const file = join(dir, "compose-scenario.yaml");
    writeFileSync(file, scenario);
    const r = await runCli(["run", file, "--time-scale", "0.1", "--results", dir], {
      timeoutMs: 90_000,
      env: { FAULTLINE_ADMIN_TOKEN: token },
    });
    expect([0, 1], r.stderr).toContain(r.code);
    const runDir = readdirSync(dir).find((f) => !f.endsWith(".yaml"))!;
    const db = new Database(join(dir, runDir, "events.db"), { readonly: true });
    const attacks = db.prepare("SELECT COUNT(*) AS n, SUM(verified) AS verified FROM attacks").get() as {
      n: number;
      verified: number;
    };
    expect(attacks.n).toBe(9);
    expect(attacks.verified).toBe(9);
    const served = db
      .prepare("SELECT COUNT(DISTINCT served_by) AS n FROM requests WHERE strategy = 'active-passive' AND ok = 1")
      .get() as { n: number };
    expect(served.n).toBe(2);
    // The gateway's pass: answered through it, and through the primary's outage (10-22 s, 1-2.2 s at this time
    // scale) it kept answering from the backup, where the pass without failover lost its requests.
    const okShare = (system: string) =>
      (
        db
          .prepare(
            `SELECT AVG(ok) AS share FROM requests
             WHERE strategy = ? AND scheduled_ms >= 1300 AND scheduled_ms < 2100`
          )
          .get(system) as { share: number }
      ).share;
    const through = db
      .prepare("SELECT COUNT(*) AS ok FROM requests WHERE strategy = 'compose-gateway' AND ok = 1")
      .get() as {
      ok: number;
    };
    expect(through.ok).toBeGreaterThan(0);
    expect(okShare("none")).toBeLessThan(0.5);
    expect(okShare("compose-gateway")).toBeGreaterThan(0.9);
  }, 120_000);
});
