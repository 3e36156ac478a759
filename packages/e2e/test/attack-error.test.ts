import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

describe("an attack that cannot be injected", () => {
  it("is recorded with its error, the others are still reverted and verified, and the run exits 3", async () => {
    const results = mkdtempSync(join(tmpdir(), "fl-attack-error-"));
    const r = await runCli(["run", join(import.meta.dirname, "scenarios", "attack-error.yaml"), "--results", results], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/attack while-down \(disable on primary\) was not injected/);
    const db = new Database(join(results, readdirSync(results)[0]!, "events.db"), { readonly: true });
    const rows = db.prepare("SELECT attack_id, start_ms, verified, error FROM attacks ORDER BY attack_id").all() as Array<{ attack_id: string; start_ms: number | null; verified: number | null; error: string | null }>;
    const byId = Object.fromEntries(rows.map((a) => [a.attack_id, a]));
    expect(byId["while-down"]!.start_ms).toBeNull();
    expect(byId["while-down"]!.error).toMatch(/primary/);
    expect(byId["slow-backup"]!.verified).toBe(1);
    // The crashed primary came back on its port and was verified clean once it answered again.
    expect(byId["crash"]!.verified).toBe(1);
    const lifecycle = db.prepare("SELECT kind, detail FROM node_events WHERE node = 'primary' AND kind IN ('exited', 'restarted') ORDER BY t_ms").all() as Array<{ kind: string; detail: string }>;
    expect(lifecycle.map((e) => e.kind)).toContain("restarted");
  }, 90_000);
});
