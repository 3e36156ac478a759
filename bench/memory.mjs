// Memory: peak RSS across every process of a run (this runner process + each node process, from
// the samples table) for a long run at 1,000 req/s against a 10 s run. Memory must not grow with
// run length. The issue asks for a 10-minute run; that alone would break the suite's 10-minute
// budget, so the long run is BENCH_MEMORY_LONG_S seconds (default 120) and the row says so.
import { playScenario, row, smoke, zeroPairScenario } from "./_run-scenario.mjs";

const longS = smoke ? 6 : Number(process.env.BENCH_MEMORY_LONG_S || 120);
const shortS = smoke ? 3 : 10;
const scenario = (s) =>
  zeroPairScenario({
    name: `bench-memory-${s}`,
    seconds: s,
    load: "rate: 1000/s, arrival: poisson, stream: 0.3, promptTokens: 64, maxTokens: 32",
    // An outage every 20 s (the last one ends before the run does): failover state is exercised throughout.
    attacks: [
      `{ at: ${s / 5}s, every: 20s, times: ${Math.max(1, Math.floor((s - s / 5 - 3) / 20))}, ` +
        `target: primary, fault: disable, duration: ${Math.min(3, s / 5)}s }`,
    ],
  });

async function peak(s) {
  let runnerPeak = 0;
  const t = setInterval(() => {
    runnerPeak = Math.max(runnerPeak, process.memoryUsage().rss);
  }, 200);
  const { db } = await playScenario(scenario(s));
  clearInterval(t);
  runnerPeak = Math.max(runnerPeak, process.memoryUsage().rss);
  const nodes = db.prepare("SELECT node, MAX(rss_mb) AS mb FROM samples GROUP BY node").all();
  const total = runnerPeak / 1048576 + nodes.reduce((a, n) => a + n.mb, 0);
  process.stderr.write(
    `memory: ${s}s run: runner ${(runnerPeak / 1048576).toFixed(0)} MiB + ` +
      `${nodes.map((n) => `${n.node} ${n.mb} MiB`).join(" + ")} = ${total.toFixed(0)} MiB\n`
  );
  return total;
}

// Short run first: this process's own RSS only grows, so the long run is measured second and
// carries the short run's history; that can only make the ratio worse, never better.
const short = await peak(shortS);
const long = await peak(longS);
row({
  figure: `peak_rss_${longS}s_vs_${shortS}s_at_1000rps`,
  unit: "MiB",
  value: Math.round(long),
  reference: Math.round(short),
  ratio: long / short,
  target: "<= 1.5x",
  met: long / short <= 1.5,
  shortBy: long / short <= 1.5 ? undefined : `${(long / short - 1.5).toFixed(2)}x`,
});
