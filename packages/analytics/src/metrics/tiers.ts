import type Database from "better-sqlite3";
import { TIERS } from "@faultline/contracts";
import { hasColumn } from "./has-column.js";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import type { PassRow } from "../run-db.js";
import { frac, ms } from "../round.js";
import type { TierPass } from "../types.js";
import { queueOf } from "./tier-queue.js";

/** The tier order, best first, as SQL: ties between tiers go to the better one. */
const RANK = `CASE tier ${Object.keys(TIERS)
  .map((t, i) => `WHEN '${t}' THEN ${i}`)
  .join(" ")} ELSE 99 END`;

// An answer's tier is the one the request row names (requests.tier: the client's, or a black box's x-faultline-tier),
// else its serving node's (requests.served_by; the node's name for faultline's client, from x-faultline-node for a
// black box); its weight is requests.quality, else the node's. A node that declared neither serves `full` at 1. The
// maintenance answer (tier emergency) is counted at its tier but is not an answer (ok = 0, weight 0).
const SERVED = `
  SELECT r.scheduled_ms AS scheduled_ms, r.ok AS ok,
         CASE WHEN r.ok = 1 OR r.tier = 'emergency' THEN COALESCE(r.tier, n.tier, 'full') END AS tier,
         CASE WHEN r.ok = 1 THEN COALESCE(r.quality, n.quality, 1) ELSE 0 END AS quality
  FROM requests r LEFT JOIN nodes n ON n.pass_id = r.pass_id AND n.name = r.served_by
  WHERE r.pass_id = @pass`;

const PER_TIER_SQL = `
  WITH s AS (${SERVED})
  SELECT tier, COUNT(*) AS answers, SUM(ok) AS ok, SUM(quality) AS quality FROM s WHERE tier IS NOT NULL GROUP BY 1`;

// Each bucket of send times counts for the tier that served most of its requests (ties: the better tier); a bucket
// with requests and none served at any tier is unserved.
const BUCKETS_SQL = `
  WITH s AS (${SERVED}), per AS (
    SELECT CAST(scheduled_ms / @bucket AS INTEGER) AS bucket, tier, COUNT(tier) AS served FROM s GROUP BY 1, 2
  ), ranked AS (
    SELECT bucket, tier, served, ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY served DESC, ${RANK}) AS rk FROM per
  )
  SELECT CASE WHEN served > 0 THEN tier END AS tier, COUNT(*) AS buckets FROM ranked WHERE rk = 1 GROUP BY 1`;

/** A query over SERVED for this file: a log from before requests.tier and quality has them as NULL. */
function adaptToFile(db: Database.Database, q: string): string {
  return hasColumn(db, "requests", "tier") ? q : q.replaceAll("r.tier", "NULL").replaceAll("r.quality", "NULL");
}

/**
 * Requests per time bucket and tier (null: nothing served it), for the tier-over-time chart; the tier of each request
 * as the figures above count it.
 */
export function tierCounts(
  db: Database.Database,
  passId: number,
  bucketMs: number
): Array<{ bucket: number; tier: string | null; n: number }> {
  const q = `WITH s AS (${SERVED}) SELECT CAST(scheduled_ms / @bucket AS INTEGER) AS bucket, tier, COUNT(*) AS n
             FROM s GROUP BY 1, 2 ORDER BY 1, 2`;
  return db.prepare(adaptToFile(db, q)).all({ pass: passId, bucket: bucketMs }) as Array<{
    bucket: number;
    tier: string | null;
    n: number;
  }>;
}

/**
 * Degradation figures of one pass, or null when nothing in it was below `full` at quality 1 (no node declared a lower
 * tier or quality, and no request was served from the cache or got the maintenance answer): then plain availability
 * says it all. Quality-weighted availability is the sum of the quality weights of the answers served over the requests.
 */
export function tiersOf(db: Database.Database, pass: PassRow): TierPass | null {
  if (!hasColumn(db, "nodes", "tier")) return null;
  const lowerTiers = hasColumn(db, "requests", "tier");
  const below = db
    .prepare(
      `SELECT 1 FROM nodes WHERE pass_id = @pass AND (tier IS NOT 'full' AND tier IS NOT NULL OR quality < 1)` +
        (lowerTiers
          ? ` UNION ALL SELECT 1 FROM requests WHERE pass_id = @pass AND tier IN ('minimal', 'emergency')`
          : "")
    )
    .get({ pass: pass.id });
  if (below === undefined) return null;
  const sql = (q: string) => adaptToFile(db, q);
  const requests = (db.prepare("SELECT COUNT(*) AS n FROM requests WHERE pass_id = ?").get(pass.id) as { n: number }).n;
  const perTier = db.prepare(sql(PER_TIER_SQL)).all({ pass: pass.id }) as Array<{
    tier: string;
    answers: number;
    ok: number;
    quality: number;
  }>;
  const bucketMs = ANALYTICS_DEFAULTS.tierBucketMs;
  const buckets = db.prepare(sql(BUCKETS_SQL)).all({ pass: pass.id, bucket: bucketMs }) as Array<{
    tier: string | null;
    buckets: number;
  }>;
  const served = perTier.reduce((s, a) => s + a.ok, 0);
  const weight = perTier.reduce((s, a) => s + a.quality, 0);
  const order = Object.keys(TIERS);
  const tiers = [...new Set([...perTier.map((a) => a.tier), ...buckets.flatMap((b) => (b.tier ? [b.tier] : []))])]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((tier) => {
      const a = perTier.find((x) => x.tier === tier);
      return {
        tier,
        answers: a?.answers ?? 0,
        share: requests ? frac((a?.answers ?? 0) / requests) : null,
        quality: a && a.answers ? frac(a.quality / a.answers) : null,
        timeMs: ms((buckets.find((b) => b.tier === tier)?.buckets ?? 0) * bucketMs),
      };
    });
  return {
    requests,
    qualityWeightedAvailability: requests ? frac(weight / requests) : null,
    availability: requests ? frac(served / requests) : null,
    tiers,
    unservedMs: ms((buckets.find((b) => b.tier === null)?.buckets ?? 0) * bucketMs),
    bucketMs,
    queue: lowerTiers ? queueOf(db, pass.id) : null,
  };
}
