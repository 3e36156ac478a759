import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const scenario = join(import.meta.dirname, "..", "..", "..", "scenarios", "long-conversations.yaml");

interface SessionsJson {
  sessions: number;
  completed: number;
  brokenCount: number;
  broken: Array<{ session: string; turn: number }>;
  turnsLost: number;
  turnsAskedAgain: number;
  moves: number;
  coldCachePenaltyMs: number | null;
  coldCacheTurns: number | null;
  afterMove: Array<{ after: number; turns: number; extraMs: number | null; warmMs: number | null }>;
  lostHistories: Array<{ session: string; turns: number; ms: number }>;
  rpoTurns: number;
  rpoMs: number;
}

interface Row {
  session: string;
  turn: number;
  turns: number;
  ok: number;
  servedBy: string | null;
  startMs: number;
  endMs: number;
  ttft: number | null;
  api: string | null;
  error: string | null;
}

// The shipped scenario (conversations over the Responses API), ten times shorter, without its active-active pass (its
// conversations break on routing alone, before the crash): session-affinity, where the crash takes the conversations
// on node a with it, which is what the broken sessions and the conversation RPO are checked on; and
// conversation-backup, where the client's transcripts move them whole to b's cold cache.
describe("scenarios/long-conversations.yaml, ten times shorter, session-affinity beside conversation-backup", () => {
  let db: Database.Database;
  let passes: Array<{ strategy: string; sessions: SessionsJson }>;
  let runDir: string;
  let stdout: string;

  beforeAll(async () => {
    const results = mkdtempSync(join(tmpdir(), "fl-sessions-"));
    const file = join(results, "long-conversations.yaml");
    const text = readFileSync(scenario, "utf8");
    const systems = "systems: [active-active, session-affinity, conversation-backup]";
    expect(text).toContain(systems);
    writeFileSync(file, text.replace(systems, "systems: [session-affinity, conversation-backup]"));
    const r = await runCli(["run", file, "--time-scale", "0.1", "--results", results], { timeoutMs: 110_000 });
    expect([0, 1], r.stderr).toContain(r.code);
    stdout = r.stdout;
    runDir = join(
      results,
      readdirSync(results).find((f) => f !== "long-conversations.yaml")!
    );
    db = new Database(join(runDir, "events.db"), { readonly: true });
    passes = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")).passes;
  }, 120_000);

  const rows = (strategy: string): Row[] =>
    db
      .prepare(
        `SELECT session_id AS session, session_turn AS turn, session_turns AS turns, ok, served_by AS servedBy,
                start_ms AS startMs, end_ms AS endMs, first_byte_ms - start_ms AS ttft, api, error
         FROM requests WHERE strategy = ? ORDER BY session_id, start_ms`
      )
      .all(strategy) as Row[];
  const bySession = (list: Row[]): Record<string, Row[]> => {
    const out: Record<string, Row[]> = {};
    for (const r of list) (out[r.session] ??= []).push(r);
    return out;
  };

  it("sends the turns of a conversation one after another, each after the previous answer, numbered", () => {
    const all = rows("conversation-backup");
    expect(all.length).toBeGreaterThan(30);
    expect(new Set(all.map((r) => r.api))).toEqual(new Set(["responses"]));
    for (const list of Object.values(bySession(all))) {
      for (let i = 1; i < list.length; i++) {
        expect(list[i]!.startMs).toBeGreaterThanOrEqual(list[i - 1]!.endMs);
        expect(list[i]!.turn - list[i - 1]!.turn).toBeGreaterThanOrEqual(0);
        expect(list[i]!.turn - list[i - 1]!.turn).toBeLessThanOrEqual(1);
      }
      expect(list[0]!.turn).toBe(1);
      expect(list[0]!.turns).toBeGreaterThanOrEqual(10);
    }
  });

  it("shows the cold-cache penalty on the turn a failover moved, fading on the turns after", () => {
    const s = passes.find((p) => p.strategy === "conversation-backup")!.sessions;
    expect(s.moves).toBeGreaterThan(0);
    // A cold history of 4k-12k tokens at 0.2 ms a token against a warm turn of ~1k new tokens.
    expect(s.coldCachePenaltyMs).toBeGreaterThan(500);
    const [moved, next] = s.afterMove;
    expect(moved!.extraMs).toBe(s.coldCachePenaltyMs);
    expect(next!.turns).toBeGreaterThan(0);
    expect(next!.extraMs!).toBeLessThan(moved!.extraMs! / 4);
    expect(s.coldCacheTurns).toBe(1);
    // The same from the rows: each moved turn is slower to its first token than the conversation's next turn.
    let checked = 0;
    for (const list of Object.values(bySession(rows("conversation-backup").filter((r) => r.ok === 1)))) {
      for (let i = 1; i + 1 < list.length; i++) {
        if (list[i]!.servedBy === list[i - 1]!.servedBy || list[i + 1]!.servedBy !== list[i]!.servedBy) continue;
        expect(list[i]!.ttft!).toBeGreaterThan(2 * list[i + 1]!.ttft!);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("counts the conversations the crash took without a transcript, and their RPO, as in the rows", () => {
    const s = passes.find((p) => p.strategy === "session-affinity")!.sessions;
    const broken = Object.values(bySession(rows("session-affinity"))).filter((list) => {
      const last = list[list.length - 1]!;
      return last.ok === 0 && !list.some((r) => r.ok === 1 && r.turn === r.turns);
    });
    expect(broken.length).toBeGreaterThan(0);
    expect(s.brokenCount).toBe(broken.length);
    expect(s.broken.map((b) => b.turn).sort()).toEqual(broken.map((l) => l[l.length - 1]!.turn).sort());
    // Each was refused at once: the node that stored its answers is gone, and asking again cannot bring them back.
    const lost = broken.filter((l) => l[l.length - 1]!.error!.includes("previous_response_not_found"));
    expect(lost.length).toBe(broken.length);
    expect(s.lostHistories.length).toBe(lost.length);
    // The RPO: the most answered turns and conversation time one of them lost, from the rows.
    const answered = (l: Row[]) => new Set(l.filter((r) => r.ok === 1).map((r) => r.turn)).size;
    expect(s.rpoTurns).toBe(Math.max(...lost.map(answered)));
    expect(s.rpoTurns).toBeGreaterThan(0);
    const spans = lost.map((l) => l[l.length - 1]!.endMs - l[0]!.startMs);
    expect(s.rpoMs).toBeCloseTo(Math.max(...spans), 0);
    expect(stdout).toContain(
      `conversations session-affinity: 16 sessions, ${s.completed} completed, ${s.brokenCount} broken`
    );
    expect(stdout).toContain(`${lost.length} lost their history, RPO ${s.rpoTurns} turns`);
  });

  it("breaks no conversation with the transcripts: each one on the dead node was replayed whole on b", () => {
    const s = passes.find((p) => p.strategy === "conversation-backup")!.sessions;
    expect([s.brokenCount, s.lostHistories.length, s.rpoTurns, s.rpoMs]).toEqual([0, 0, 0, 0]);
    const replayed = db
      .prepare(
        `SELECT detail FROM routing_events WHERE strategy = 'conversation-backup' AND kind = 'conversation_replayed'`
      )
      .all() as Array<{ detail: string }>;
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.every((r) => JSON.parse(r.detail).ok === true)).toBe(true);
  });

  it("reports the conversations side by side and draws the session chart", () => {
    expect(readFileSync(join(runDir, "summary.md"), "utf8")).toContain("## Conversations");
    expect(existsSync(join(runDir, "charts", "sessions.png"))).toBe(true);
  });
});
