import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EventLog } from "@faultline/eventlog";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempRuns, tempRunDir, writeCutShortRun, writeMainRun, writeRepeatedRun } from "./hand-run.fixture.js";
import { computeSummary } from "./summary.js";

afterAll(removeTempRuns);

// Every expected number below is worked out by hand from hand-run.fixture.ts:
// 200 requests, one every 100 ms, 50 ms each unless the story says otherwise.
describe("computeSummary on a hand-built complete run", () => {
  const summary = computeSummary(writeMainRun(tempRunDir()));
  const pass = summary.passes[0]!;
  const incident = (id: string) => pass.incidents.find((i) => i.attackId === id)!;

  it("counts availability both as a share of requests and as a share of 1-s buckets meeting the SLO", () => {
    expect(pass.requests).toEqual({ total: 200, ok: 193, failed: 7 });
    // 193 / 200; buckets 6 (5 of 10 failed) and 8 (2 of 10) miss 95%: 18 of 20 buckets meet it.
    expect(pass.availability).toEqual({ requests: 0.965, time: 0.9, timeTarget: 0.95, timeBuckets: 20 });
    expect(pass.successRate).toBe(0.965);
    expect(pass.errorRate).toBe(0.035);
    expect(pass.errorsByClass).toEqual({ connect: 0.025, stream_cut: 0.005, timeout: 0.005 });
  });

  it("derives throughput and goodput from the pass length", () => {
    expect(pass.durationMs).toBe(20_000);
    expect(pass.throughputRps).toBe(10);
    expect(pass.successRps).toBe(9.65);
    expect(pass.goodputTokensPerS).toBe(106.15); // 193 answers x 11 tokens / 20 s
    expect(pass.tokens).toEqual({ completion: 2123, wasted: 9 });
  });

  it("takes latency percentiles from the merged histogram, failed requests included", () => {
    // 5 x 30 ms, 193 x 50 ms, 2 x 1000 ms: nearest rank 100, 180, 198 and 200.
    expect(pass.latency).toEqual({ count: 200, p50: 50, p90: 50, p99: 50, p999: 1000, max: 1000 });
  });

  it("measures streams: completed share, time to first token and inter-token latency", () => {
    expect(pass.streams).toEqual({ total: 20, completed: 18, completedShare: 0.9 });
    expect(pass.ttft).toEqual({ count: 19, p50: 20, p90: 20, p99: 20, p999: 20, max: 20 });
    // (50 - 20) ms over 10 gaps between 11 tokens.
    expect(pass.interTokenLatency).toEqual({ count: 18, p50: 3, p90: 3, p99: 3, p999: 3, max: 3 });
  });

  it("reports an attack with no failed request as zero downtime with no MTTR, and times the failback", () => {
    expect(incident("quiet")).toMatchObject({
      injected: true,
      onsetMs: 2000,
      endMs: 3000,
      windowEndMs: 6000,
      overlapping: false,
      timeToDetectMs: null,
      timeToNoticeMs: null,
      timeToFailoverMs: null,
      downtimeMs: 0,
      mttrMs: null,
      unrecovered: false,
      failbackMs: 50,
      requestsLost: 0,
      requestsInWindow: 40,
    });
  });

  it("reconstructs the outage: detected at the health event, failed over, recovered and failed back", () => {
    expect(incident("outage")).toMatchObject({
      onsetMs: 6000,
      endMs: 9000,
      windowEndMs: 19_000,
      overlapping: true,
      timeToDetectMs: 250,
      timeToNoticeMs: 30,
      timeToFailoverMs: 550,
      downtimeMs: 700,
      mttrMs: 550,
      unrecovered: false,
      failbackMs: 50,
      requestsLost: 7,
      requestsInWindow: 130,
    });
  });

  it("leaves time to detect empty for an overlapping attack no routing event reacted to", () => {
    expect(incident("overlap")).toMatchObject({
      onsetMs: 8000,
      endMs: 8500,
      windowEndMs: 18_500,
      overlapping: true,
      timeToDetectMs: null,
      timeToNoticeMs: 1000,
      timeToFailoverMs: 1020,
      downtimeMs: 200,
      mttrMs: 250,
      failbackMs: null,
      requestsLost: 2,
      requestsInWindow: 105,
    });
  });

  it("keeps an attack whose injection failed, marked as not injected", () => {
    expect(incident("refused")).toMatchObject({ injected: false, onsetMs: null, downtimeMs: 0, requestsLost: 0 });
  });

  it("totals the incidents: mean MTTR and failover, worst failover", () => {
    expect(pass.totals).toEqual({
      downtimeMs: 900,
      requestsLost: 9,
      mttrMs: 400,
      failoverMs: 785,
      failoverMaxMs: 1020,
      detectMs: 250,
      unrecovered: 0,
    });
  });

  it("prices the pass from node prices and the cloud default", () => {
    // primary 3.6 $/h and 0.5 $/1k tokens for 3,620 tokens; backup gcp 3.7 $/h; 20 s.
    expect(pass.cost).toEqual({
      totalUsd: 1.851,
      per1kSuccessfulUsd: 9.588,
      standbyUsd: 0.021,
      wastedTokensUsd: 0.002,
    });
  });

  it("passes the gate strategy's SLO", () => {
    expect(summary.slo).toEqual({
      gateStrategy: "active-passive",
      verdict: "pass",
      afterRecovery: "not checked",
      checks: [
        { strategy: "active-passive", name: "availability", threshold: ">= 95%", actual: 0.965, ok: true },
        { strategy: "active-passive", name: "p99", threshold: "<= 100ms", actual: 50, ok: true },
        { strategy: "active-passive", name: "mttr", threshold: "<= 500ms", actual: 400, ok: true },
      ],
    });
  });

  it("gives the same summary, byte for byte, on every read of the same file", () => {
    const dir = tempRunDir();
    const path = writeMainRun(dir);
    expect(JSON.stringify(computeSummary(path))).toBe(JSON.stringify(computeSummary(join(dir, "events.db"))));
    expect(JSON.stringify(computeSummary(path))).toBe(JSON.stringify(summary));
  });
});

describe("computeSummary on a run cut short by SIGKILL", () => {
  const summary = computeSummary(writeCutShortRun(tempRunDir()));
  const pass = summary.passes[0]!;

  it("marks the run incomplete and ends the pass at its last request", () => {
    expect(summary.run.complete).toBe(false);
    expect(summary.slo.verdict).toBe("incomplete");
    expect(pass).toMatchObject({ status: "running", complete: false, plannedMs: 10_000, durationMs: 4930 });
    expect(pass.availability).toEqual({ requests: 0.6, time: 0.6, timeTarget: 0.99, timeBuckets: 5 });
    expect(pass.throughputRps).toBe(10.142);
  });

  it("closes the never-reverted incident at the end of the data, unrecovered", () => {
    expect(pass.incidents[0]).toMatchObject({
      onsetMs: 3000,
      endMs: 4930,
      windowEndMs: 4930,
      timeToNoticeMs: 30,
      timeToFailoverMs: null,
      downtimeMs: 2000,
      mttrMs: null,
      unrecovered: true,
      failbackMs: null,
      requestsLost: 20,
      requestsInWindow: 20,
    });
    expect(pass.totals.unrecovered).toBe(1);
  });
});

describe("computeSummary on repeats of one strategy", () => {
  it("gives each figure as a median with its range and flags the repeat that stands out", () => {
    const summary = computeSummary(writeRepeatedRun(tempRunDir()));
    expect(summary.strategies).toHaveLength(1);
    const s = summary.strategies[0]!;
    expect(s.repeats).toBe(3);
    // 5, 6 and 41 failures of 100 requests. MTTR: from the first failure (asked at 2 s) to the answer of the next
    // success, asked 100 ms after the last failure and answered 50 ms later: 550, 650 and 4150 ms.
    expect(s.figures.availability).toEqual({ median: 0.94, min: 0.59, max: 0.95, outliers: [2] });
    expect(s.figures.mttrMs).toEqual({ median: 650, min: 550, max: 4150, outliers: [2] });
  });
});

describe("computeSummary on bad input", () => {
  it("rejects a file that is not an event log with FAULTLINE_RUN_UNREADABLE", () => {
    const path = join(tempRunDir(), "events.db");
    writeFileSync(path, "not a database, just text that is long enough to not look like an empty file\n".repeat(20));
    expect(() => computeSummary(path)).toThrow(expect.objectContaining({ code: "FAULTLINE_RUN_UNREADABLE" }));
  });

  it("rejects a run that never began a pass with FAULTLINE_RUN_EMPTY", () => {
    const path = join(tempRunDir(), "events.db");
    new EventLog(path).close(false);
    expect(() => computeSummary(path)).toThrow(expect.objectContaining({ code: "FAULTLINE_RUN_EMPTY" }));
  });

  it("names the missing run with FAULTLINE_RUN_NOT_FOUND", () => {
    expect(() => computeSummary(join(tempRunDir(), "events.db"))).toThrow(
      expect.objectContaining({ code: "FAULTLINE_RUN_NOT_FOUND" })
    );
  });
});
