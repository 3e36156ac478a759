import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli, spawnCli } from "./cli.js";
import { alive, peek, waitFor } from "./wait.js";

const scenario = join(import.meta.dirname, "scenarios", "long-outage.yaml");

/** Starts `faultline run` on the long scenario and waits until its fault is in effect. */
async function startRunWithActiveFault() {
  const results = mkdtempSync(join(tmpdir(), "fl-stop-"));
  const child = spawnCli(["run", scenario, "--results", results], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((r) =>
    child.on("exit", (code, signal) => r(code ?? (signal ? 128 : null)))
  );
  const runDir = await waitFor("the run folder", () => {
    const dirs = readdirSync(results);
    return dirs.length ? join(results, dirs[0]!) : undefined;
  });
  const db = join(runDir, "events.db");
  await waitFor(
    "the fault to be injected",
    () => peek<{ n: number }>(db, "SELECT COUNT(*) AS n FROM attacks WHERE start_ms IS NOT NULL")?.n
  );
  const nodePids = execFileSync("ps", ["-o", "pid=", "--ppid", String(child.pid)], { encoding: "utf8" })
    .split("\n")
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  return { child, exited, runDir, db, nodePids, stderr: () => stderr };
}

describe("stopping a run", () => {
  it("on Ctrl-C reverts the fault, verifies it, reports the partial run and exits 130", async () => {
    const run = await startRunWithActiveFault();
    run.child.kill("SIGINT");
    expect(await run.exited, run.stderr()).toBe(130);
    const db = new Database(run.db, { readonly: true });
    expect(db.prepare("SELECT status FROM passes").get()).toEqual({ status: "interrupted" });
    const a = db.prepare("SELECT reverted_ms, verified FROM attacks").get() as {
      reverted_ms: number;
      verified: number;
    };
    expect(a.verified).toBe(1);
    expect(a.reverted_ms).toBeLessThan(50_000);
    expect(existsSync(join(run.runDir, "report.html"))).toBe(true);
    for (const pid of run.nodePids) await waitFor(`node ${pid} to exit`, () => !alive(pid));
  }, 60_000);

  it("on SIGTERM does the same and exits 143, the usual status for it", async () => {
    const run = await startRunWithActiveFault();
    run.child.kill("SIGTERM");
    expect(await run.exited, run.stderr()).toBe(143);
    const db = new Database(run.db, { readonly: true });
    expect(db.prepare("SELECT status FROM passes").get()).toEqual({ status: "interrupted" });
    expect((db.prepare("SELECT verified FROM attacks").get() as { verified: number }).verified).toBe(1);
    for (const pid of run.nodePids) await waitFor(`node ${pid} to exit`, () => !alive(pid));
  }, 60_000);

  it("after kill -9 of the runner leaves no node and an events.db that opens, checks, reports incomplete", async () => {
    const run = await startRunWithActiveFault();
    expect(run.nodePids.length).toBe(2);
    run.child.kill("SIGKILL");
    await run.exited;
    for (const pid of run.nodePids) await waitFor(`node ${pid} to exit`, () => !alive(pid), 10_000);
    const db = new Database(run.db);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect((db.prepare("SELECT COUNT(*) AS n FROM requests").get() as { n: number }).n).toBeGreaterThan(0);
    db.close();
    const r = await runCli(["report", run.runDir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).slo.verdict).toBe("incomplete");
  }, 60_000);
});
