// Failover latency cost: p99 client latency (end - scheduled) in the 2 s after a hard failover
// (disable of the primary) against p99 at steady state before it, at 500 req/s, zero-latency nodes
// so the figure is the client's own cost of failing over. Both from the same pass in events.db.
import { percentile, playScenario, row, smoke, zeroPairScenario } from "./_run-scenario.mjs";

const seconds = smoke ? 6 : 20;
const onset = seconds / 2;
const { db } = await playScenario(
  zeroPairScenario({
    name: "bench-failover-cost",
    seconds,
    load: "rate: 500/s, arrival: poisson, stream: 0.3, promptTokens: 16, maxTokens: 16",
    attacks: [`{ at: ${onset}s, target: primary, fault: disable, duration: ${seconds / 2 - 1}s }`],
  })
);
const lat = (from, to) =>
  db
    .prepare("SELECT end_ms - scheduled_ms AS l FROM requests WHERE scheduled_ms >= ? AND scheduled_ms < ? ORDER BY l")
    .all(from, to)
    .map((r) => r.l);
const steady = percentile(lat(1000, onset * 1000), 99);
const during = percentile(lat(onset * 1000, onset * 1000 + 2000), 99);
const failed = db.prepare("SELECT COUNT(*) AS n FROM requests WHERE ok = 0").get().n;
row({
  figure: "failover_p99_vs_steady_p99",
  unit: "ms",
  value: during,
  reference: steady,
  ratio: during / steady,
  target: "<= 2x",
  met: during / steady <= 2,
  shortBy: during / steady <= 2 ? undefined : `${(during / steady - 2).toFixed(2)}x`,
  failedRequests: failed,
});
