import type Database from "better-sqlite3";
import type { PassRow } from "../run-db.js";
import { msOrNull } from "../round.js";
import type { Incident, ShardIncidentView } from "../types.js";
import { REACTION } from "./incidents.js";

/**
 * Each shard's own view of each incident of a merged run: when its client first reacted to the
 * fault (the run's detection is the earliest of these) and when it first got an answer from
 * another node. Every shard runs its own client, so each detects on its own. Empty for a run
 * whose rows carry no shard.
 */
export function shardIncidentViews(
  db: Database.Database,
  passes: PassRow[],
  incidents: Incident[][]
): ShardIncidentView[] {
  const columns = db.prepare("SELECT name FROM pragma_table_info('routing_events')").all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === "shard")) return [];
  const shards = (
    db.prepare("SELECT DISTINCT shard FROM requests WHERE shard IS NOT NULL ORDER BY shard").all() as Array<{
      shard: number;
    }>
  ).map((r) => r.shard);
  if (shards.length === 0) return [];
  const window = "pass_id = @pass AND shard = @shard";
  const detect = db.prepare(
    `SELECT MIN(t_ms) AS t FROM routing_events WHERE ${window} AND t_ms >= @onset AND t_ms < @windowEnd AND ${REACTION}`
  );
  const failover = db.prepare(
    `SELECT MIN(COALESCE(first_byte_ms, end_ms)) AS t FROM requests WHERE ${window} AND scheduled_ms >= @onset ` +
      "AND scheduled_ms < @windowEnd AND ok = 1 AND served_by IS NOT NULL AND served_by <> @target"
  );
  const views: ShardIncidentView[] = [];
  passes.forEach((pass, i) => {
    for (const inc of incidents[i] ?? []) {
      if (!inc.injected || inc.onsetMs === null || inc.windowEndMs === null) continue;
      const byShard: ShardIncidentView["byShard"] = {};
      for (const shard of shards) {
        const p = { pass: pass.id, shard, onset: inc.onsetMs, windowEnd: inc.windowEndMs, target: inc.target };
        const d = (detect.get(p) as { t: number | null }).t;
        const f = (failover.get(p) as { t: number | null }).t;
        byShard[String(shard)] = {
          detectMs: msOrNull(d === null ? null : d - inc.onsetMs),
          failoverMs: msOrNull(f === null ? null : f - inc.onsetMs),
        };
      }
      views.push({ pass: pass.id, attackId: inc.attackId, byShard });
    }
  });
  return views;
}
