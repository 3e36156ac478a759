import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli, spawnCli } from "./cli.js";
import { alive, waitFor } from "./wait.js";

const tinyGateway = join(import.meta.dirname, "fixtures", "tiny-gateway.mjs");

/** A scenario with one node and one system; returns its path and results folder. */
function scenarioWith(system: string, duration = "6s"): { file: string; results: string } {
  const dir = mkdtempSync(join(tmpdir(), "fl-e2e-sysfail-"));
  const file = join(dir, "s.yaml");
  writeFileSync(
    file,
    `name: sysfail
duration: ${duration}
nodes:
  primary: { profile: zero }
systems:
${system}
load: { rate: 20/s, maxTokens: 4 }
attacks:
  - { at: 1s, target: primary, fault: latency, ms: 5 }
`
  );
  return { file, results: join(dir, "results") };
}

const gateway = (extra = "") => `  - name: tiny
    command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(tinyGateway)}, "{{port}}"]
${extra}`;

describe("a system under test that fails", () => {
  it("that cannot start ends the run with exit 3 and names the command", async () => {
    const s = scenarioWith('  - { name: ghost, command: [/no/such/gateway-binary, --port, "{{port}}"] }\n');
    const r = await runCli(["run", s.file, "--results", s.results], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/system "ghost": could not start "\/no\/such\/gateway-binary"/);
    expect(r.stderr).toContain("FAULTLINE_SYSTEM_START_FAILED");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("whose ready URL never answers ends the run with exit 3 and the system's last log lines", async () => {
    const s = scenarioWith(gateway(`    ready: "http://127.0.0.1:9/never"\n    readyTimeout: 1s\n`));
    const r = await runCli(["run", s.file, "--results", s.results], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain("FAULTLINE_SYSTEM_NOT_READY");
    expect(r.stderr).toMatch(/\| tiny gateway pid \d+ on \d+/);
  });

  it("that dies mid-pass ends the run: exit 3, its last log lines, the pass aborted, the fault reverted", async () => {
    const s = scenarioWith(gateway(`    env: { DIE_AFTER_MS: "3500" }\n`), "20s");
    const r = await runCli(["run", s.file, "--results", s.results], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain("FAULTLINE_SYSTEM_DIED");
    expect(r.stderr).toContain("tiny gateway: dying on purpose");
    const runDir = join(s.results, readdirSync(s.results)[0]!);
    const db = new Database(join(runDir, "events.db"), { readonly: true });
    expect(db.prepare("SELECT status FROM passes").get()).toEqual({ status: "aborted" });
    expect(db.prepare("SELECT verified FROM attacks").get()).toEqual({ verified: 1 });
    expect(readFileSync(join(runDir, "systems", "tiny-1", "output.log"), "utf8")).toContain("dying on purpose");
  });

  it("is not left behind when the runner is killed with -9", async () => {
    const s = scenarioWith(gateway(), "60s");
    const child = spawnCli(["run", s.file, "--results", s.results], { stdio: ["ignore", "ignore", "ignore"] });
    const log = await waitFor(
      "the gateway's log",
      () => {
        const dirs = existsSync(s.results) ? readdirSync(s.results) : [];
        const path = dirs.length ? join(s.results, dirs[0]!, "systems", "tiny-1", "output.log") : "";
        return path && existsSync(path) && /pid (\d+)/.test(readFileSync(path, "utf8")) ? path : undefined;
      },
      30_000
    );
    const pid = Number(/pid (\d+)/.exec(readFileSync(log, "utf8"))![1]);
    expect(alive(pid)).toBe(true);
    child.kill("SIGKILL");
    await waitFor(`gateway ${pid} to exit`, () => !alive(pid), 10_000);
  });
});
