import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildReport } from "../build-report.js";
import { afterAll, describe, expect, it } from "vitest";
import { EventLog, type RequestRow } from "@faultline/eventlog";
import { computeSummary } from "../summary.js";
import { READ_FIGURE } from "../figure-readers.js";
import { sessionRows } from "../report/session-table.js";
import { removeTempRuns, tempRunDir } from "../hand-run.fixture.js";

afterAll(removeTempRuns);

/** One turn: answered by `servedBy` with this TTFT, or failed when servedBy is null. */
const turn = (
  session: string,
  n: number,
  turns: number,
  at: number,
  servedBy: string | null,
  ttft = 100
): RequestRow => ({
  pass_id: 1,
  strategy: "session-affinity",
  scheduled_ms: at,
  start_ms: at,
  first_byte_ms: servedBy === null ? null : at + ttft,
  end_ms: at + ttft + 200,
  ok: servedBy === null ? 0 : 1,
  status: servedBy === null ? 503 : 200,
  served_by: servedBy,
  attempts: 1,
  error: servedBy === null ? "down" : null,
  error_class: servedBy === null ? "http_5xx" : null,
  stream: 1,
  prompt_tokens: 1000 * n,
  completion_tokens: 20,
  wasted_tokens: 0,
  request_class: "chat",
  request_id: `${session}-${n}-${at}`,
  session_id: session,
  session_turn: n,
  session_turns: turns,
});

/**
 * Three conversations on nodes a and b. s1 stays on a for all 4 turns (warm TTFT 100 ms from turn 2 on). s2 is on a,
 * moves to b at turn 3 (cold: 900 ms), turn 4 is 140 ms there, then the pass ends (unfinished). s3 breaks at turn 2
 * of 5: it fails, is asked again and fails again. s4's history outgrows the window at turn 2 of 3 (not asked again).
 * s5 is a Responses API conversation whose two answered turns were stored on a: its turn 3 of 4 is refused with
 * previous_response_not_found (not asked again), 2800 ms after its first turn started.
 */
function writeRun(): string {
  const path = join(tempRunDir(), "events.db");
  const log = new EventLog(path);
  const pass = log.beginPass("session-affinity", 10_000);
  const rows = [
    turn("s1", 1, 4, 0, "a", 500),
    turn("s1", 2, 4, 1000, "a"),
    turn("s1", 3, 4, 2000, "a"),
    turn("s1", 4, 4, 3000, "a"),
    turn("s2", 1, 6, 0, "a", 500),
    turn("s2", 2, 6, 1000, "a"),
    turn("s2", 3, 6, 2000, "b", 900),
    turn("s2", 4, 6, 3000, "b", 140),
    turn("s3", 1, 5, 0, "b", 500),
    turn("s3", 2, 5, 1000, null),
    turn("s3", 2, 5, 2000, null),
    turn("s4", 1, 3, 0, "b", 500),
    { ...turn("s4", 2, 3, 1000, null), error: "context_length_exceeded: This model's maximum context length is 8192" },
    turn("s5", 1, 4, 0, "a", 500),
    turn("s5", 2, 4, 1000, "a"),
    { ...turn("s5", 3, 4, 2500, null), status: 404, error: "previous_response_not_found: upstream 404: not found" },
  ];
  for (const r of rows) log.append("requests", { ...r, pass_id: pass });
  log.endPass(pass, 10_000, "complete");
  log.close(true);
  return path;
}

describe("the conversation figures", () => {
  const path = writeRun();
  const summary = computeSummary(path);
  const p = summary.passes[0]!;

  it("count sessions completed, broken with the turn they broke at, and unfinished", () => {
    expect(p.sessions).toMatchObject({ sessions: 5, completed: 1, brokenCount: 3, unfinished: 1, outgrewWindow: 1 });
    expect(p.sessions!.broken.map((b) => [b.session, b.turn, b.atMs])).toEqual([
      ["s4", 2, 1300],
      ["s3", 2, 2300],
      ["s5", 3, 2800],
    ]);
  });

  it("count the turns a broken session lost and the turns asked again", () => {
    // s3 broke at turn 2 of 5: turns 2, 3, 4 and 5 never got an answer; turn 2 was asked twice. s4 lost 2 and 3,
    // s5 3 and 4.
    expect([READ_FIGURE.turnsLost(p), READ_FIGURE.turnsAskedAgain(p)]).toEqual([8, 1]);
    expect([READ_FIGURE.sessionsCompleted(p), READ_FIGURE.sessionsBroken(p)]).toEqual([1, 3]);
  });

  it("measure the conversation RPO: the answered turns and time a lost history took, only where it was lost", () => {
    // s5 lost its two answered turns and the 2800 ms from its first turn to the refusal; s3 and s4 broke with their
    // history still theirs (chat completions send it), so they lost none.
    expect(p.sessions!.lostHistories).toEqual([{ session: "s5", turns: 2, ms: 2800, atMs: 2800 }]);
    expect([READ_FIGURE.conversationRpoTurns(p), READ_FIGURE.conversationRpoMs(p)]).toEqual([2, 2800]);
  });

  it("measure the cold-cache penalty of a moved turn against the same turn warm, and how long it lasts", () => {
    // Turn 3 warm (s1 stayed on a): 100 ms. s2's turn 3 moved to b: 900 ms, 800 ms more.
    // Turn 4 warm: the median of s1's 100 and s2's 140 (both stayed) = 120; s2's is 20 ms more: under 20% of 120.
    expect(p.sessions!.afterMove).toEqual([
      { after: 0, turns: 1, extraMs: 800, warmMs: 100 },
      { after: 1, turns: 1, extraMs: 20, warmMs: 120 },
    ]);
    expect([READ_FIGURE.coldCachePenaltyMs(p), READ_FIGURE.coldCacheTurns(p)]).toEqual([800, 1]);
    expect(p.sessions!.moves).toBe(1);
  });

  it("are shown side by side in the Conversations table", () => {
    const rows = sessionRows(summary)!;
    expect(rows[0]![0]).toBe("system");
    expect(rows[1]).toEqual([
      "session-affinity",
      "5",
      "1",
      "3 (turn 2 x2, turn 3)",
      "1",
      "1",
      "8",
      "1",
      "1",
      "2 turns, 2.8 s",
      "1",
      "800 ms",
      "1",
      "+0: 800 ms, +1: 20 ms",
    ]);
  });

  it("are drawn in the session chart: a lane per conversation, turns by endpoint, a cross at each break", async () => {
    const dir = dirname(path);
    await buildReport(dir);
    expect(readFileSync(join(dir, "charts", "sessions.svg"), "utf8")).toMatch(/^<svg/);
    const spec = JSON.parse(readFileSync(join(dir, "charts", "sessions.vl.json"), "utf8"));
    const [, turns, breaks] = spec.vconcat[0].layer;
    expect(new Set(turns.data.values.map((t: { session: string }) => t.session))).toEqual(
      new Set(["s1", "s2", "s3", "s4", "s5"])
    );
    expect(turns.data.values.filter((t: { endpoint: string }) => t.endpoint === "no answer")).toHaveLength(4);
    expect(breaks.data.values.map((t: { session: string }) => t.session).sort()).toEqual(["s3", "s4", "s5"]);
  });

  it("are absent from a pass without conversations", () => {
    const path = join(tempRunDir(), "events.db");
    const log = new EventLog(path);
    const pass = log.beginPass("none", 1000);
    log.append("requests", { ...turn("x", 1, 1, 0, "a"), pass_id: pass, session_id: null, session_turn: null });
    log.endPass(pass, 1000, "complete");
    log.close(true);
    expect(computeSummary(path).passes[0]!.sessions).toBeNull();
  });
});
