// End-to-end capacity: the highest arrival rate `faultline run` sustains with two zero-latency
// nodes and everything on (load generator, failover client, event log, sampler), judged from
// events.db: zero failover events, <= 1% of sends late by more than 5 ms, and p99 (end - scheduled)
// under 50 ms. The reference is the same machine's bare fastify hello-world rate, measured here.
import { spawnSync } from "node:child_process";
import { percentile, playScenario, row, smoke, zeroPairScenario } from "./_run-scenario.mjs";

const seconds = smoke ? 3 : 30;
const scenario = (rate) =>
  zeroPairScenario({
    name: `bench-capacity-${rate}`,
    seconds,
    load: `rate: ${rate}/s, arrival: poisson, stream: 0, promptTokens: 16, maxTokens: 16`,
  });

async function trial(rate) {
  const { db } = await playScenario(scenario(rate));
  const n = db.prepare("SELECT COUNT(*) AS n FROM requests").get().n;
  const late = db.prepare("SELECT COUNT(*) AS n FROM requests WHERE start_ms - scheduled_ms > 5").get().n;
  const failovers = db.prepare("SELECT COUNT(*) AS n FROM routing_events WHERE kind IN ('failover','breaker')").get().n;
  const failed = db.prepare("SELECT COUNT(*) AS n FROM requests WHERE ok = 0").get().n;
  const lat = db
    .prepare("SELECT end_ms - scheduled_ms AS l FROM requests ORDER BY l")
    .all()
    .map((r) => r.l);
  const p99 = percentile(lat, 99);
  const ok = failovers === 0 && failed === 0 && late / n <= 0.01 && p99 < 50;
  const summary =
    `late ${((100 * late) / n).toFixed(2)}%, p99 ${p99.toFixed(1)} ms, failovers ${failovers}, ` + `failed ${failed}`;
  process.stderr.write(`capacity: ${rate} req/s -> ${n} requests, ${summary}: ${ok ? "sustained" : "not sustained"}\n`);
  return { ok, summary };
}

// Step up from a rate that should hold; stop at the first rate that does not, and say why it did not.
const rates = smoke ? [500, 1000] : [2000, 4000, 5000, 6000, 7000, 8000, 9000, 10000];
let best = 0;
let firstMiss = null;
for (const r of rates) {
  const t = await trial(r);
  if (!t.ok) {
    firstMiss = `${r} req/s: ${t.summary}`;
    break;
  }
  best = r;
}
// The reference from the node benchmark: a bare fastify hello-world, same machine, same run.
const ref = spawnSync(process.execPath, [new URL("./node-throughput.mjs", import.meta.url).pathname], {
  encoding: "utf8",
  env: { ...process.env, BENCH_SMOKE: "1" },
});
const fastify =
  (
    ref.stdout
      .split("\n")
      .map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return null;
        }
      })
      .find((r) => r?.figure === "node_rps") ?? {}
  ).reference ?? null;
row({
  figure: "e2e_capacity_rps",
  unit: "req/s",
  value: best,
  reference: fastify,
  ratio: fastify ? best / fastify : null,
  target: ">= 5000 req/s",
  met: best >= 5000,
  shortBy: best >= 5000 ? undefined : `${5000 - best} req/s${firstMiss ? `; ${firstMiss}` : ""}`,
  firstMiss,
  seconds,
});
