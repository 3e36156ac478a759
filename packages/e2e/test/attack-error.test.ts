import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startNode, type RunningNode } from "@faultline/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

let backup: RunningNode;
beforeAll(async () => {
  backup = await startNode({ name: "backup", profile: "zero", adminToken: "a-token-the-runner-does-not-have" });
});
afterAll(() => backup.close());

describe("attacks that cannot be injected", () => {
  it("skip a target that is down, record a refusal, still revert and verify the rest, and exit 3", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fl-attack-error-"));
    const file = join(dir, "attack-error.yaml");
    writeFileSync(
      file,
      readFileSync(join(import.meta.dirname, "scenarios", "attack-error.yaml"), "utf8").replaceAll(
        "BACKUP_URL",
        backup.url
      )
    );
    const r = await runCli(["run", file, "--results", dir], {
      timeoutMs: 60_000,
      env: { FAULTLINE_ADMIN_TOKEN: "the-runner-token" },
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/attack refused \(latency on backup\) was not injected: .*401/);
    const runDir = readdirSync(dir).find((f) => !f.endsWith(".yaml"))!;
    const db = new Database(join(dir, runDir, "events.db"), { readonly: true });
    const rows = db.prepare("SELECT attack_id, start_ms, verified, error FROM attacks").all() as Array<{
      attack_id: string;
      start_ms: number | null;
      verified: number | null;
      error: string | null;
    }>;
    const byId = Object.fromEntries(rows.map((a) => [a.attack_id, a]));
    expect(byId["while-down"]).toMatchObject({
      start_ms: null,
      error: expect.stringMatching(/^skipped: target node "primary" was down/),
    });
    expect(byId["refused"]).toMatchObject({ start_ms: null, error: expect.stringMatching(/401/) });
    // The crashed primary came back on its port and was verified clean once it answered again.
    expect(byId["crash"]!.verified).toBe(1);
    const lifecycle = db
      .prepare("SELECT kind FROM node_events WHERE node = 'primary' AND kind IN ('exited', 'restarted') ORDER BY t_ms")
      .all() as Array<{ kind: string }>;
    expect(lifecycle.map((e) => e.kind)).toContain("restarted");
  }, 90_000);
});
