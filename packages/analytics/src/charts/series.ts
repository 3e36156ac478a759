import type Database from "better-sqlite3";
import { mergeCells, quantile } from "../metrics/histogram.js";
import type { CountRow, HistCell, PassScan } from "../metrics/pass-scan.js";
import type { PassRow } from "../run-db.js";
import { tierCounts } from "../metrics/tiers.js";

/** One point of a time series: pass strategy, time in seconds, series name, value. */
export interface Point {
  strategy: string;
  t: number;
  series: string;
  value: number;
}

/** Width of a chart time bucket (pass-scan.ts holds it: the histograms are scanned at that width). */
export { seriesBucketMs } from "../metrics/pass-scan.js";

/** A label for a pass: its strategy, with the repeat number when a strategy ran more than once. */
export function passLabel(pass: PassRow, passes: readonly PassRow[]): string {
  return passes.filter((p) => p.strategy === pass.strategy).length > 1
    ? `${pass.strategy} #${pass.repeat}`
    : pass.strategy;
}

/** The chart bucket a scan bucket `width` ms wide falls in, as seconds since the pass start. */
const chartT = (width: number, b: number, bucketMs: number): number =>
  (Math.floor((b * width) / bucketMs) * bucketMs) / 1000;

/** p50 and p99 per chart bucket, from the scan's per-time-bucket histograms. */
export function percentilesOverTime(
  scan: PassScan,
  cells: readonly HistCell[],
  label: string,
  bucketMs: number
): Point[] {
  const byT = new Map<number, HistCell[]>();
  for (const c of cells) {
    const t = chartT(scan.histBucketMs, c[0], bucketMs);
    const list = byT.get(t);
    if (list) list.push(c);
    else byT.set(t, [c]);
  }
  return [...byT.keys()]
    .sort((a, b) => a - b)
    .flatMap((t) => {
      const hist = mergeCells(byT.get(t)!);
      const total = hist.reduce((s, x) => s + x.n, 0);
      return [
        { strategy: label, t, series: "p50", value: quantile(hist, total, 0.5) },
        { strategy: label, t, series: "p99", value: quantile(hist, total, 0.99) },
      ];
    });
}

/** Sums a per-bucket figure of the scan's count rows into chart buckets, one series per key. */
function sumOverTime(
  scan: PassScan,
  label: string,
  bucketMs: number,
  key: (r: CountRow) => string | null,
  value: (r: CountRow) => number
): Point[] {
  const sums = new Map<string, Point>();
  for (const r of scan.counts) {
    const series = key(r);
    if (series === null) continue;
    const t = chartT(scan.bucketMs, r.b, bucketMs);
    const id = `${t}\u0000${series}`;
    const p = sums.get(id) ?? { strategy: label, t, series, value: 0 };
    p.value += value(r);
    sums.set(id, p);
  }
  return [...sums.values()].sort((a, b) => a.t - b.t || a.series.localeCompare(b.series));
}

/** Successful requests per second served by each node, per chart bucket. */
export function throughputPerNode(scan: PassScan, label: string, bucketMs: number): Point[] {
  const sums = sumOverTime(
    scan,
    label,
    bucketMs,
    (r) => r.node,
    (r) => r.ok
  );
  // Zero-fill every (bucket, node): a stacked area would otherwise draw across the gap while a node served nothing.
  const nodes = [...new Set(sums.map((p) => p.series))].sort();
  const times = [...new Set(scan.counts.map((r) => chartT(scan.bucketMs, r.b, bucketMs)))].sort((a, b) => a - b);
  const byKey = new Map(sums.map((p) => [`${p.t}\u0000${p.series}`, p.value]));
  return times.flatMap((t) =>
    nodes.map((series) => ({
      strategy: label,
      t,
      series,
      value: (byKey.get(`${t}\u0000${series}`) ?? 0) / (bucketMs / 1000),
    }))
  );
}

/** Success and error rate (percent) per chart bucket. */
export function ratesOverTime(scan: PassScan, label: string, bucketMs: number): Point[] {
  const n = sumOverTime(
    scan,
    label,
    bucketMs,
    () => "n",
    (r) => r.n
  );
  const ok = new Map(
    sumOverTime(
      scan,
      label,
      bucketMs,
      () => "ok",
      (r) => r.ok
    ).map((p) => [p.t, p.value])
  );
  return n.flatMap((p) => {
    const rate = (ok.get(p.t) ?? 0) / p.value;
    return [
      { ...p, series: "success %", value: rate * 100 },
      { ...p, series: "error %", value: (1 - rate) * 100 },
    ];
  });
}

/** Mean CPU (percent of one core) of each node per time bucket. */
export function cpuOverTime(db: Database.Database, pass: PassRow, label: string, bucketMs: number): Point[] {
  return (
    db
      .prepare(
        "SELECT CAST(t_ms / ? AS INTEGER) AS b, node, AVG(cpu_pct) AS v FROM samples WHERE pass_id " +
          "= ? AND cpu_pct IS NOT NULL GROUP BY b, node ORDER BY b, node"
      )
      .all(bucketMs, pass.id) as Array<{ b: number; node: string; v: number }>
  ).map((r) => ({ strategy: label, t: (r.b * bucketMs) / 1000, series: r.node, value: r.v }));
}

/** The latency CDF of a pass: share of requests at or under each histogram bucket. */
export function latencyCdf(scan: PassScan, label: string): Point[] {
  const hist = mergeCells(scan.latency);
  const total = hist.reduce((s, r) => s + r.n, 0);
  let seen = 0;
  return hist.map((r) => ({ strategy: label, t: Math.max(r.v, 0.1), series: label, value: (seen += r.n) / total }));
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
export function stateLanes(
  db: Database.Database,
  pass: PassRow,
  label: string,
  endpoints: readonly string[] = []
): LaneSpan[] {
  const events = db
    .prepare(
      "SELECT t_ms AS t, kind, endpoint, to_state AS state FROM routing_events WHERE pass_id = ? " +
        "AND kind IN ('health', 'breaker') AND endpoint IS NOT NULL ORDER BY t_ms, id"
    )
    .all(pass.id) as Array<{ t: number; kind: string; endpoint: string; state: string }>;
  const open = new Map<string, { state: string; start: number }>();
  // Every endpoint gets a lane for each kind of state this pass's client reports, from the start, in its initial
  // state: a backup that never changed state is still on the chart. A client that reports none (the `none` preset:
  // no health checks, no breaker) gets no lanes, rather than lanes claiming it saw its nodes healthy.
  const kinds = [...new Set(events.map((e) => e.kind))];
  for (const endpoint of endpoints)
    for (const kind of kinds) open.set(`${endpoint} ${kind}`, { state: INITIAL_STATE[kind]!, start: 0 });
  const spans: LaneSpan[] = [];
  const close = (lane: string, end: number) => {
    const o = open.get(lane);
    if (o && end > o.start)
      spans.push({ strategy: label, lane, state: o.state, start: o.start / 1000, end: end / 1000 });
  };
  for (const e of events) {
    const lane = `${e.endpoint} ${e.kind}`;
    close(lane, e.t);
    open.set(lane, { state: e.state, start: e.t });
  }
  for (const lane of [...open.keys()].sort()) close(lane, pass.endMs);
  return spans;
}

/** The state an endpoint starts a pass in, before its first health or breaker event. */
const INITIAL_STATE: Readonly<Record<string, string>> = { health: "healthy", breaker: "closed" };

/**
 * Requests per second at each degradation tier per time bucket, by send time; `unserved` for those nothing served.
 * Every series has a point in every bucket (0 when none): a stacked area with a gap would be drawn across it.
 */
export function tiersOverTime(db: Database.Database, pass: PassRow, label: string, bucketMs: number): Point[] {
  const rows = tierCounts(db, pass.id, bucketMs);
  if (rows.length === 0) return [];
  const series = [...new Set(rows.map((r) => r.tier ?? "unserved"))];
  const last = Math.max(...rows.map((r) => r.bucket));
  const n = new Map(rows.map((r) => [`${r.bucket} ${r.tier ?? "unserved"}`, r.n]));
  const points: Point[] = [];
  for (let b = 0; b <= last; b++)
    for (const s of series)
      points.push({
        strategy: label,
        t: (b * bucketMs) / 1000,
        series: s,
        value: (n.get(`${b} ${s}`) ?? 0) / (bucketMs / 1000),
      });
  return points;
}
