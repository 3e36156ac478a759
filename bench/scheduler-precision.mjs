// Scheduler: how late attacks fire (p50, p99, max) under 1,000 req/s of load, against the same
// scheduler with no load in the same run. Lateness = attacks.start_ms - attacks.planned_ms in events.db.
import { percentile, playScenario, row, smoke, zeroPairScenario } from "./_run-scenario.mjs";

const seconds = smoke ? 4 : 30;
const scenario = (rate) =>
  zeroPairScenario({
    name: "bench-scheduler",
    seconds,
    load: `rate: ${rate}/s, arrival: uniform, stream: 0.2, maxTokens: 16`,
    attacks: [
      `{ id: blip, at: 500ms, every: 250ms, times: ${seconds * 4 - 4}, target: backup, fault: ` +
        `latency, ms: 1, duration: 100ms }`,
    ],
  });

async function lateness(rate) {
  const { db } = await playScenario(scenario(rate));
  const late = db
    .prepare("SELECT start_ms - planned_ms AS late FROM attacks WHERE start_ms IS NOT NULL ORDER BY late")
    .all()
    .map((r) => r.late);
  return { p50: percentile(late, 50), p99: percentile(late, 99), max: late[late.length - 1], n: late.length };
}

const idle = await lateness(1);
const loaded = await lateness(1000);
row({
  figure: "attack_lateness_p99_at_1000rps",
  unit: "ms",
  value: loaded.p99,
  reference: idle.p99,
  ratio: loaded.p99 / Math.max(idle.p99, 0.001),
  target: "<= 5 ms",
  met: loaded.p99 <= 5,
  shortBy: loaded.p99 <= 5 ? undefined : `${(loaded.p99 - 5).toFixed(2)} ms`,
});
row({
  figure: "attack_lateness_p50_at_1000rps",
  unit: "ms",
  value: loaded.p50,
  reference: idle.p50,
  ratio: loaded.p50 / Math.max(idle.p50, 0.001),
  target: "-",
  n: loaded.n,
});
row({
  figure: "attack_lateness_max_at_1000rps",
  unit: "ms",
  value: loaded.max,
  reference: idle.max,
  ratio: loaded.max / Math.max(idle.max, 0.001),
  target: "-",
});
