import type { RunShards } from "./types.js";

const msText = (x: number | null) => (x === null ? "n/a" : `${x.toFixed(1)} ms`);

/**
 * The shards of a sharded run (`run --shard`) or of a merged one, read from meta: how many, and
 * the worst start skew each shard measured over its passes. Null for a run played in one process.
 */
export function shardsOf(
  meta: Record<string, string | undefined>,
  incidents: RunShards["incidents"] = []
): RunShards | null {
  if (meta["shard_count"] === undefined) return null;
  const index = meta["shard_index"] === undefined ? null : Number(meta["shard_index"]);
  const raw = JSON.parse(meta["shard_start_skew_ms"] ?? "{}") as Record<string, unknown>;
  // A shard's own run holds {pass: ms}; a merged run holds {shard: {pass: ms}}.
  const byShard = index === null ? (raw as Record<string, Record<string, number>>) : { [String(index)]: raw };
  const worstSkewMs: Record<string, number> = {};
  for (const [shard, passes] of Object.entries(byShard)) {
    const skews = Object.values(passes as Record<string, number>);
    worstSkewMs[shard] = skews.length ? skews.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a)) : 0;
  }
  return { count: Number(meta["shard_count"]), index, worstSkewMs, incidents };
}

/** One line for the text, Markdown and HTML reports: "3 shards, start skew (worst pass): shard 0 0.4 ms, …". */
export function shardsLine(s: RunShards): string {
  const skews = Object.entries(s.worstSkewMs)
    .map(([shard, ms]) => `shard ${shard} ${ms.toFixed(1)} ms`)
    .join(", ");
  const what = s.index === null ? `merged from ${s.count} shards` : `shard ${s.index} of ${s.count}`;
  return `${what}; start skew (worst pass): ${skews || "not measured"}`;
}

/** One line per incident of a merged run: how fast each shard's client detected it and failed over. */
export function shardIncidentLines(s: RunShards): string[] {
  return s.incidents.map(
    (v) =>
      `  ${v.attackId} (pass ${v.pass}): ` +
      Object.entries(v.byShard)
        .map(([shard, x]) => `shard ${shard} detected in ${msText(x.detectMs)}, failed over in ${msText(x.failoverMs)}`)
        .join("; ")
  );
}
