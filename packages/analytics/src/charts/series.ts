import type Database from "better-sqlite3";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import { bucketSql, quantile, type Bucket } from "../metrics/histogram.js";
import type { PassRow } from "../run-db.js";

/** One point of a time series: pass strategy, time in seconds, series name, value. */
export interface Point {
  strategy: string;
  t: number;
  series: string;
  value: number;
}

/** Width of a chart time bucket: 1 s, widened so no line has more than maxSeriesPoints points. */
export function seriesBucketMs(passes: readonly PassRow[]): number {
  const longest = Math.max(1, ...passes.map((p) => p.endMs));
  return Math.max(1000, Math.ceil(longest / ANALYTICS_DEFAULTS.maxSeriesPoints / 1000) * 1000);
}

/** A label for a pass: its strategy, with the repeat number when a strategy ran more than once. */
export function passLabel(pass: PassRow, passes: readonly PassRow[]): string {
  return passes.filter((p) => p.strategy === pass.strategy).length > 1 ? `${pass.strategy} #${pass.repeat}` : pass.strategy;
}

/** p50 and p99 of `valueExpr` per time bucket, from per-bucket histograms grouped in SQL. */
export function percentilesOverTime(db: Database.Database, pass: PassRow, label: string, bucketMs: number, valueExpr: string, where = "1"): Point[] {
  const rows = db
    .prepare(
      `SELECT b, v, COUNT(*) AS n FROM (SELECT CAST(scheduled_ms / ? AS INTEGER) AS b, ${bucketSql(valueExpr)} AS v FROM requests WHERE pass_id = ? AND ${where})
       WHERE v IS NOT NULL GROUP BY b, v ORDER BY b, v`,
    )
    .all(bucketMs, pass.id) as Array<Bucket & { b: number }>;
  const points: Point[] = [];
  for (let i = 0; i < rows.length; ) {
    const b = rows[i]!.b;
    let j = i;
    while (j < rows.length && rows[j]!.b === b) j++;
    const hist = rows.slice(i, j);
    const total = hist.reduce((s, x) => s + x.n, 0);
    const t = (b * bucketMs) / 1000;
    points.push({ strategy: label, t, series: "p50", value: quantile(hist, total, 0.5) }, { strategy: label, t, series: "p99", value: quantile(hist, total, 0.99) });
    i = j;
  }
  return points;
}

/** Successful requests per second served by each node, per time bucket. */
export function throughputPerNode(db: Database.Database, pass: PassRow, label: string, bucketMs: number): Point[] {
  return (
    db
      .prepare(`SELECT CAST(scheduled_ms / ? AS INTEGER) AS b, served_by AS node, COUNT(*) AS n FROM requests WHERE pass_id = ? AND ok = 1 AND served_by IS NOT NULL GROUP BY b, node ORDER BY b, node`)
      .all(bucketMs, pass.id) as Array<{ b: number; node: string; n: number }>
  ).map((r) => ({ strategy: label, t: (r.b * bucketMs) / 1000, series: r.node, value: r.n / (bucketMs / 1000) }));
}

/** Success and error rate (percent) per time bucket. */
export function ratesOverTime(db: Database.Database, pass: PassRow, label: string, bucketMs: number): Point[] {
  const rows = db
    .prepare("SELECT CAST(scheduled_ms / ? AS INTEGER) AS b, AVG(ok) AS rate FROM requests WHERE pass_id = ? GROUP BY b ORDER BY b")
    .all(bucketMs, pass.id) as Array<{ b: number; rate: number }>;
  return rows.flatMap((r) => [
    { strategy: label, t: (r.b * bucketMs) / 1000, series: "success %", value: r.rate * 100 },
    { strategy: label, t: (r.b * bucketMs) / 1000, series: "error %", value: (1 - r.rate) * 100 },
  ]);
}

/** Mean CPU (percent of one core) of each node per time bucket. */
export function cpuOverTime(db: Database.Database, pass: PassRow, label: string, bucketMs: number): Point[] {
  return (
    db
      .prepare("SELECT CAST(t_ms / ? AS INTEGER) AS b, node, AVG(cpu_pct) AS v FROM samples WHERE pass_id = ? AND cpu_pct IS NOT NULL GROUP BY b, node ORDER BY b, node")
      .all(bucketMs, pass.id) as Array<{ b: number; node: string; v: number }>
  ).map((r) => ({ strategy: label, t: (r.b * bucketMs) / 1000, series: r.node, value: r.v }));
}

/** The latency CDF of a pass: share of requests at or under each histogram bucket. */
export function latencyCdf(db: Database.Database, pass: PassRow, label: string): Point[] {
  const rows = db
    .prepare(`SELECT ${bucketSql("end_ms - scheduled_ms")} AS v, COUNT(*) AS n FROM requests WHERE pass_id = ? GROUP BY v ORDER BY v`)
    .all(pass.id) as Bucket[];
  const total = rows.reduce((s, r) => s + r.n, 0);
  let seen = 0;
  return rows.map((r) => ({ strategy: label, t: Math.max(r.v, 0.1), series: label, value: (seen += r.n) / total }));
}

/** One state interval of a timeline lane (health or breaker of one endpoint). */
export interface LaneSpan {
  strategy: string;
  lane: string;
  state: string;
  start: number;
  end: number;
}

/** Health and breaker states per endpoint as intervals, from the routing events. */
export function stateLanes(db: Database.Database, pass: PassRow, label: string): LaneSpan[] {
  const events = db
    .prepare("SELECT t_ms AS t, kind, endpoint, to_state AS state FROM routing_events WHERE pass_id = ? AND kind IN ('health', 'breaker') AND endpoint IS NOT NULL ORDER BY t_ms, id")
    .all(pass.id) as Array<{ t: number; kind: string; endpoint: string; state: string }>;
  const open = new Map<string, { state: string; start: number }>();
  const spans: LaneSpan[] = [];
  const close = (lane: string, end: number) => {
    const o = open.get(lane);
    if (o && end > o.start) spans.push({ strategy: label, lane, state: o.state, start: o.start / 1000, end: end / 1000 });
  };
  for (const e of events) {
    const lane = `${e.endpoint} ${e.kind}`;
    close(lane, e.t);
    open.set(lane, { state: e.state, start: e.t });
  }
  for (const lane of [...open.keys()].sort()) close(lane, pass.endMs);
  return spans;
}
