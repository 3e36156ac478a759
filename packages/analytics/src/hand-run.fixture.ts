import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventLog, type RequestRow } from "@faultline/eventlog";

/**
 * Hand-built runs whose every figure is worked out by hand in
 * summary.test.ts. Requests are asked every 100 ms; see the test for the story.
 */
export function tempRunDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "fl-analytics-"));
  created.push(dir);
  return dir;
}

const created: string[] = [];

/** Removes every directory tempRunDir made in this test file; call it in afterAll. */
export function removeTempRuns(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const base = (pass: number, strategy: string, s: number): RequestRow => ({
  pass_id: pass,
  strategy,
  scheduled_ms: s,
  start_ms: s,
  first_byte_ms: null,
  end_ms: s + 50,
  ok: 1,
  status: 200,
  served_by: "primary",
  attempts: 1,
  error: null,
  error_class: null,
  stream: 0,
  prompt_tokens: 10,
  completion_tokens: 11,
  wasted_tokens: 0,
  request_class: null,
  request_id: null,
});

const fail = (r: RequestRow, errorClass: string, latency: number): RequestRow => ({
  ...r,
  ok: 0,
  status: null,
  end_ms: r.scheduled_ms + latency,
  error: errorClass,
  error_class: errorClass,
  completion_tokens: 0,
});

/** The request of the main run asked at `s` ms. */
function mainRequest(pass: number, s: number, lastFailure: number): RequestRow {
  let r = base(pass, "active-passive", s);
  if (s % 1000 === 0) r = { ...r, stream: 1, first_byte_ms: s + 20 };
  if (s >= 6000 && s <= lastFailure)
    r = fail(r, "connect", 30); // primary down, not yet failed over
  else if (s >= 6500 && s <= 8900) r = { ...r, served_by: "backup" };
  if (s === 6000) r = { ...r, first_byte_ms: null, wasted_tokens: 4 };
  if (s === 8000) r = { ...fail(r, "stream_cut", 1000), served_by: "backup", wasted_tokens: 5 };
  if (s === 8100) r = { ...fail(r, "timeout", 1000), served_by: "backup" };
  return r;
}

/**
 * A complete 20 s active-passive run: a quiet attack (2-3 s, no failed
 * request), an outage of the primary (6-9 s, detected, failed over and back),
 * an overlapping attack on the backup (8-8.5 s, never detected) and an attack
 * whose injection failed. `lastFailureMs` stretches the outage for a worse run.
 */
export function writeMainRun(dir: string, options: { lastFailureMs?: number } = {}): string {
  const path = join(dir, "events.db");
  const log = new EventLog(path);
  log.setMeta("scenario_name", "hand-built");
  log.setMeta("seed", "7");
  log.setMeta("client_order", JSON.stringify(["primary", "backup"]));
  log.setMeta("gate_strategy", "active-passive");
  log.setMeta(
    "slo",
    JSON.stringify({
      availability: { op: ">=", value: 0.95, text: ">= 95%" },
      p99: { op: "<=", value: 100, text: "<= 100ms" },
      mttr: { op: "<=", value: 500, text: "<= 500ms" },
    })
  );
  const pass = log.beginPass("active-passive", 20_000);
  log.recordNodes(pass, [
    { name: "primary", costPerHour: 3.6, costPer1kTokens: 0.5 },
    { name: "backup", cloud: "gcp" },
  ]);
  const attack = (attackId: string, target: string, start: number | null, end: number) => {
    const id = log.planAttack({
      passId: pass,
      strategy: "active-passive",
      attackId,
      target,
      fault: "disable",
      params: {},
      plannedMs: start ?? 15_000,
      endMs: end,
    });
    log.attackStarted(id, start, start === null ? "node refused" : null);
    if (start !== null) log.attackReverted(id, end, true);
  };
  attack("quiet", "primary", 2000, 3000);
  attack("outage", "primary", 6000, 9000);
  attack("overlap", "backup", 8000, 8500);
  attack("refused", "backup", null, 16_000);
  const ev = (t: number, kind: string, endpoint: string | null, from: string | null, to: string | null) =>
    log.append("routing_events", {
      pass_id: pass,
      strategy: "active-passive",
      t_ms: t,
      kind,
      endpoint,
      from_state: from,
      to_state: to,
      reason: null,
      detail: null,
    });
  ev(6250, "health", "primary", "healthy", "unhealthy");
  ev(6280, "breaker", "primary", "closed", "open");
  ev(6300, "failover", null, "primary", "backup");
  ev(8950, "health", "primary", "unhealthy", "healthy");
  ev(9000, "failback", null, "backup", "primary");
  for (let s = 0; s < 20_000; s += 100) log.append("requests", mainRequest(pass, s, options.lastFailureMs ?? 6400));
  for (let t = 0; t < 20_000; t += 1000)
    log.append("samples", {
      pass_id: pass,
      t_ms: t,
      node: "primary",
      cpu_pct: t >= 6000 && t < 9000 ? 5 : 80,
      rss_mb: 200,
      running: 1,
      waiting: 0,
    });
  log.endPass(pass, 20_000, "complete");
  log.close(true);
  return path;
}

/**
 * A `none` run killed with -9 at ~4.9 s of a planned 10 s: the primary fails
 * from 3 s on, the fault is never reverted, and neither endPass nor close ran.
 */
export function writeCutShortRun(dir: string): string {
  const path = join(dir, "events.db");
  // No checkpoint worker: the log is never closed, so a worker would outlive the test and recreate the -wal and -shm
  // files while afterAll removed the folder (ENOTEMPTY, once in a clean-clone CI run).
  const log = new EventLog(path, { checkpointIntervalMs: 0 });
  log.setMeta("client_order", JSON.stringify(["primary"]));
  const pass = log.beginPass("none", 10_000);
  const id = log.planAttack({
    passId: pass,
    strategy: "none",
    attackId: "kill",
    target: "primary",
    fault: "disable",
    params: {},
    plannedMs: 3000,
    endMs: 8000,
  });
  log.attackStarted(id, 3000);
  for (let s = 0; s < 5000; s += 100)
    log.append("requests", s >= 3000 ? fail(base(pass, "none", s), "connect", 30) : base(pass, "none", s));
  log.flush();
  log.db.close(); // no endPass, no close(): what SIGKILL leaves behind
  return path;
}

/**
 * Three repeats of a 10 s active-passive pass, each failing every request
 * asked from 2 s up to `lastFailure` (2.4 s, 2.5 s, 6 s): the third stands out.
 */
export function writeRepeatedRun(dir: string): string {
  const path = join(dir, "events.db");
  const log = new EventLog(path);
  log.setMeta("client_order", JSON.stringify(["primary", "backup"]));
  [2400, 2500, 6000].forEach((lastFailure, repeat) => {
    const pass = log.beginPass("active-passive", 10_000, repeat);
    const id = log.planAttack({
      passId: pass,
      strategy: "active-passive",
      attackId: "down",
      target: "primary",
      fault: "disable",
      params: {},
      plannedMs: 2000,
      endMs: 8000,
    });
    log.attackStarted(id, 2000);
    log.attackReverted(id, 8000, true);
    for (let s = 0; s < 10_000; s += 100) {
      const r = base(pass, "active-passive", s);
      log.append(
        "requests",
        s >= 2000 && s <= lastFailure
          ? fail(r, "connect", 30)
          : s > lastFailure && s < 8000
            ? { ...r, served_by: "backup" }
            : r
      );
    }
    log.endPass(pass, 10_000, "complete");
  });
  log.close(true);
  return path;
}

/**
 * The paper's experiment in miniature: a `none` pass whose primary fails
 * every request asked from 6 s to 8.9 s (30 of 200), then an active-passive
 * pass that fails over in 0.5 s (5 failures). One attack each, 6-9 s.
 */
export function writeTwoStrategyRun(dir: string): string {
  const path = join(dir, "events.db");
  const log = new EventLog(path);
  log.setMeta("scenario_name", "paper"); // the paper comparison is shown for this scenario only
  log.setMeta("client_order", JSON.stringify(["primary", "backup"]));
  log.setMeta("gate_strategy", "active-passive");
  log.setMeta("slo", JSON.stringify({ availability: { op: ">=", value: 0.95, text: ">= 95%" } }));
  for (const strategy of ["none", "active-passive"]) {
    const pass = log.beginPass(strategy, 20_000);
    const id = log.planAttack({
      passId: pass,
      strategy,
      attackId: "outage",
      target: "primary",
      fault: "disable",
      params: {},
      plannedMs: 6000,
      endMs: 9000,
    });
    log.attackStarted(id, 6000);
    log.attackReverted(id, 9000, true);
    const lastFailure = strategy === "none" ? 8900 : 6400;
    for (let s = 0; s < 20_000; s += 100) {
      const r = base(pass, strategy, s);
      log.append(
        "requests",
        s >= 6000 && s <= lastFailure
          ? fail(r, "connect", 30)
          : s > lastFailure && s < 9000
            ? { ...r, served_by: "backup" }
            : r
      );
    }
    log.endPass(pass, 20_000, "complete");
  }
  log.close(true);
  return path;
}
