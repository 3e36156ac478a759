import { conflict, type ShardRunInfo } from "./shard-run.js";

/** Meta keys every shard of one run shares: a difference means the folders come from different runs. */
const SHARED_KEYS = [
  "scenario_name",
  "seed",
  "shard_count",
  "shard_start_at",
  "time_scale",
  "drain_ms",
  "strategies",
] as const;

/**
 * Orders the shards by index after checking they are exactly the n shards of one run, each with the
 * same passes. Every refusal names the run folder at fault and what to do.
 */
export function checkShards(runs: ShardRunInfo[]): ShardRunInfo[] {
  if (runs.length === 0) throw conflict("no runs to merge (give the run folders of every shard)");
  const first = runs[0]!;
  for (const r of runs.slice(1))
    for (const key of SHARED_KEYS)
      if (r.meta[key] !== first.meta[key])
        throw conflict(
          `${r.dir}: ${key} is ${r.meta[key] ?? "(none)"} but ${first.dir} has ${first.meta[key] ?? "(none)"}; ` +
            `merge only the shards of one run`
        );
  const byIndex = new Map<number, ShardRunInfo>();
  for (const r of runs) {
    const seen = byIndex.get(r.index);
    if (seen) throw conflict(`shard ${r.index}/${r.count} given twice: ${seen.dir} and ${r.dir}`);
    byIndex.set(r.index, r);
  }
  const ordered: ShardRunInfo[] = [];
  for (let i = 0; i < first.count; i++) {
    const r = byIndex.get(i);
    if (!r) throw conflict(`shard ${i}/${first.count} is missing: give the run folders of all ${first.count} shards`);
    ordered.push(r);
  }
  const key = (p: ShardRunInfo["passes"][number]) => `pass ${p.id} (${p.strategy}, repeat ${p.repeat})`;
  const wanted = new Set(runs.flatMap((r) => r.passes.map(key)));
  for (const r of ordered) {
    const has = new Set(r.passes.map(key));
    for (const w of wanted)
      if (!has.has(w)) throw conflict(`${w} is missing from shard ${r.index}/${r.count} (${r.dir})`);
  }
  return ordered;
}
