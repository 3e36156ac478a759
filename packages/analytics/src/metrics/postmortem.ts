import type Database from "better-sqlite3";
import { metaJson, type RunDb } from "../run-db.js";
import type { AttackLedgerRow, Postmortem, RunContext, TrafficRow } from "../types.js";

/**
 * What a postmortem needs beside the figures, read from events.db alone: what was run (scenario, load, client
 * options, time scale, host), what was done (the attack ledger: planned against actual, revert, verified, and whether
 * the target carried any traffic while attacked), and how the client worked (attempts and retries per pass).
 */
export function postmortemOf(run: RunDb): Postmortem {
  return { context: contextOf(run.meta), ledger: ledgerOf(run), traffic: trafficOf(run) };
}

interface ResolvedScenario {
  file?: string;
  durationMs?: number;
  load?: unknown;
  nodes?: Array<{ name: string; profile: string; cloud: string | null; region: string | null; url: string | null }>;
  client?: { strategy?: string; order?: string[]; options?: Record<string, unknown> };
}

function contextOf(meta: Record<string, string>): RunContext {
  const s = metaJson<ResolvedScenario>(meta, "scenario_resolved", {});
  return {
    scenarioFile: meta.scenario_file ?? s.file ?? null,
    plannedPassMs: s.durationMs ?? null,
    timeScale: meta.time_scale === undefined ? null : Number(meta.time_scale),
    load: s.load ?? null,
    nodes: (s.nodes ?? []).map((n) => ({
      name: n.name,
      profile: n.profile,
      cloud: n.cloud,
      region: n.region,
      url: n.url,
    })),
    client: {
      gateStrategy: meta.gate_strategy ?? s.client?.strategy ?? null,
      order: s.client?.order ?? [],
      options: s.client?.options ?? {},
    },
    host: metaJson<RunContext["host"]>(meta, "host", null),
  };
}

interface AttackDbRow {
  pass_id: number;
  strategy: string;
  attack_id: string;
  target: string;
  fault: string;
  params: string;
  planned_ms: number;
  start_ms: number | null;
  end_ms: number | null;
  reverted_ms: number | null;
  verified: number | null;
  error: string | null;
}

function ledgerOf(run: RunDb): AttackLedgerRow[] {
  const rows = run.db.prepare("SELECT * FROM attacks ORDER BY pass_id, planned_ms, id").all() as AttackDbRow[];
  const served = servedCounter(run.db);
  return rows.map((a) => {
    const pass = run.passes.find((p) => p.id === a.pass_id);
    // The window the fault was in effect: from the acknowledged injection to the acknowledged revert (else its
    // planned end, else the pass's end).
    const until = a.reverted_ms ?? a.end_ms ?? pass?.endMs ?? a.planned_ms;
    return {
      passId: a.pass_id,
      strategy: a.strategy,
      repeat: pass?.repeat ?? 0,
      attackId: a.attack_id,
      target: a.target,
      fault: a.fault,
      params: JSON.parse(a.params) as Record<string, unknown>,
      plannedMs: a.planned_ms,
      startMs: a.start_ms,
      lateMs: a.start_ms === null ? null : a.start_ms - a.planned_ms,
      plannedEndMs: a.end_ms,
      revertedMs: a.reverted_ms,
      verified: a.verified === null ? null : a.verified === 1,
      error: a.error,
      targetRequests: a.start_ms === null ? null : served(a.pass_id, a.target, a.start_ms, until),
    };
  });
}

/**
 * Requests the target took part in while attacked: answered by it, or failed with it as the last node tried
 * (served_by). Zero means the attack changed nothing the caller could see: the client was not sending there.
 */
function servedCounter(db: Database.Database): (passId: number, node: string, from: number, to: number) => number {
  // A request overlaps [from, to) only if it started after from minus the pass's longest request, which bounds the
  // (pass_id, start_ms) index range; without that lower bound each attack counted from the pass's start (6 of a
  // 1M-request report's 24 s went here).
  const longest = db.prepare("SELECT MAX(end_ms - start_ms) AS d FROM requests WHERE pass_id = ?");
  const longestOf = new Map<number, number>();
  const q = db.prepare(
    "SELECT COUNT(*) AS n FROM requests" +
      " WHERE pass_id = ? AND served_by = ? AND start_ms >= ? AND start_ms < ? AND end_ms > ?"
  );
  return (passId, node, from, to) => {
    let d = longestOf.get(passId);
    if (d === undefined) {
      d = Math.max(0, (longest.get(passId) as { d: number | null }).d ?? 0);
      longestOf.set(passId, d);
    }
    return (q.get(passId, node, from - d, to, from) as { n: number }).n;
  };
}

function trafficOf(run: RunDb): TrafficRow[] {
  const attempts = run.db.prepare(
    "SELECT COUNT(*) AS requests, COALESCE(SUM(attempts), 0) AS attempts FROM requests WHERE pass_id = ?"
  );
  const retries = run.db.prepare("SELECT COUNT(*) AS n FROM routing_events WHERE pass_id = ? AND kind = 'retry'");
  return run.passes.map((p) => {
    const a = attempts.get(p.id) as { requests: number; attempts: number };
    return {
      passId: p.id,
      strategy: p.strategy,
      repeat: p.repeat,
      requests: a.requests,
      attempts: a.attempts,
      attemptsPerRequest: a.requests ? a.attempts / a.requests : null,
      retries: (retries.get(p.id) as { n: number }).n,
      actualMs: p.endMs,
    };
  });
}
