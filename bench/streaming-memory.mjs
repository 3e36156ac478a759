// Memory over a long streaming run (issue 23): peak RSS across every process of a run (the runner with its client
// and event log, plus each node, from the samples table) for a long streaming run against a short one, same rate.
// The issue asks for 30 minutes against 1; a 30-minute row would not fit the suite, so time is compressed by
// request count instead: the long run is 8x the short one's length (BENCH_STREAMING_MEMORY_LONG_S, default 48 s, holds
// 4,800 streams and 307,200 tokens), which is what a 30-minute run at 2.7 streams/s would hold; what grows with the
// number of requests (the event log's buffers, histograms, per-request state) grows the same way. Memory that grows
// with wall time alone (timers per second) would not show; none is known.
import { playScenario, row, smoke } from "./_run-scenario.mjs";
import { rmSync } from "node:fs";
import { loadavg } from "node:os";

const RATE = 100;
const TOKENS = 64;
const longS = smoke ? 4 : Number(process.env.BENCH_STREAMING_MEMORY_LONG_S || 48);
const shortS = smoke ? 2 : 6;
const node = `{ profile: zero, overrides: { ttftMs: 20, itlMs: 15, itlJitter: 0 } }`;
/** Each outage: 1 s, shorter in a run too short to hold two. */
const stallS = (s) => Math.min(1, s / 8);
const scenario = (s) => `
name: bench-streaming-memory-${s}
duration: ${s}s
nodes:
  primary: ${node}
  backup: ${node}
client: { strategy: active-passive, order: [primary, backup] }
load: { rate: ${RATE}/s, arrival: poisson, stream: 1, promptTokens: 64, maxTokens: ${TOKENS} }
attacks:
  - { at: ${s / 4}s, every: ${s / 4}s, times: 2, target: primary, fault: stream-stall, duration: ${stallS(s)}s }
`;

async function peak(s) {
  let runnerPeak = 0;
  const t = setInterval(() => {
    runnerPeak = Math.max(runnerPeak, process.memoryUsage().rss);
  }, 200);
  const { db, dir } = await playScenario(scenario(s));
  clearInterval(t);
  runnerPeak = Math.max(runnerPeak, process.memoryUsage().rss);
  const nodes = db.prepare("SELECT node, MAX(rss_mb) AS mb FROM samples GROUP BY node").all();
  const requests = db.prepare("SELECT COUNT(*) AS n, SUM(completion_tokens) AS tokens FROM requests").get();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const total = runnerPeak / 1048576 + nodes.reduce((a, n) => a + n.mb, 0);
  process.stderr.write(
    `streaming-memory: ${s}s run (${requests.n} streams, ${requests.tokens} tokens): runner ` +
      `${(runnerPeak / 1048576).toFixed(0)} MiB + ${nodes.map((n) => `${n.node} ${n.mb} MiB`).join(" + ")} = ` +
      `${total.toFixed(0)} MiB, load ${loadavg()[0].toFixed(2)}\n`
  );
  return { total, runner: runnerPeak / 1048576, requests: requests.n };
}

// Short run first: this process's RSS only grows, so the long run carries the short run's history; that can only
// make the ratio worse, never better.
const short = await peak(shortS);
const long = await peak(longS);
const ratio = long.total / short.total;
row({
  figure: `streaming_peak_rss_${longS}s_vs_${shortS}s`,
  unit: "MiB",
  value: Math.round(long.total),
  reference: Math.round(short.total),
  ratio,
  target: "<= 1.5x",
  met: ratio <= 1.5,
  shortBy: ratio <= 1.5 ? undefined : `${(ratio - 1.5).toFixed(2)}x`,
  runner_mib: [Math.round(short.runner), Math.round(long.runner)],
  streams: [short.requests, long.requests],
  rate_per_s: RATE,
  load_average_1m: Math.round(loadavg()[0] * 100) / 100,
});
