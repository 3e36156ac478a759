import type Database from "better-sqlite3";
import { hasColumn } from "./has-column.js";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import type { PassRow } from "../run-db.js";
import { frac, ms } from "../round.js";
import type { TierPass } from "../types.js";

// An answer's tier and quality are its serving node's (requests.served_by, the node's name for faultline's client and
// from x-faultline-node for a black box). A node that declared neither serves `full` at quality 1.
const ANSWERS_SQL = `
  SELECT COALESCE(n.tier, 'full') AS tier, COUNT(*) AS answers, SUM(COALESCE(n.quality, 1)) AS quality
  FROM requests r LEFT JOIN nodes n ON n.pass_id = r.pass_id AND n.name = r.served_by
  WHERE r.pass_id = @pass AND r.ok = 1
  GROUP BY 1`;

// Each bucket of send times counts for the tier that served most of its answers (ties: the better tier, `full` sorts
// first); a bucket with requests and no answer is unserved.
const BUCKETS_SQL = `
  WITH b AS (
    SELECT CAST(r.scheduled_ms / @bucket AS INTEGER) AS bucket, r.ok AS ok, COALESCE(n.tier, 'full') AS tier
    FROM requests r LEFT JOIN nodes n ON n.pass_id = r.pass_id AND n.name = r.served_by
    WHERE r.pass_id = @pass
  ), per AS (
    SELECT bucket, tier, SUM(ok) AS answers FROM b GROUP BY bucket, tier
  ), ranked AS (
    SELECT bucket, tier, answers, ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY answers DESC, tier DESC) AS rk
    FROM per
  )
  SELECT CASE WHEN answers > 0 THEN tier ELSE NULL END AS tier, COUNT(*) AS buckets
  FROM ranked WHERE rk = 1 GROUP BY 1`;

/**
 * Degradation figures of one pass, or null when no node of it declared a tier other than `full` or a quality below 1
 * (then every answer is full quality and plain availability says it all). Quality-weighted availability is the sum of
 * the quality weights of the answers served over the requests sent.
 */
export function tiersOf(db: Database.Database, pass: PassRow): TierPass | null {
  if (!hasColumn(db, "nodes", "tier")) return null;
  const degraded = db
    .prepare("SELECT 1 FROM nodes WHERE pass_id = ? AND (tier IS NOT 'full' AND tier IS NOT NULL OR quality < 1)")
    .get(pass.id);
  if (degraded === undefined) return null;
  const requests = (db.prepare("SELECT COUNT(*) AS n FROM requests WHERE pass_id = ?").get(pass.id) as { n: number }).n;
  const answers = db.prepare(ANSWERS_SQL).all({ pass: pass.id }) as Array<{
    tier: string;
    answers: number;
    quality: number;
  }>;
  const bucketMs = ANALYTICS_DEFAULTS.tierBucketMs;
  const buckets = db.prepare(BUCKETS_SQL).all({ pass: pass.id, bucket: bucketMs }) as Array<{
    tier: string | null;
    buckets: number;
  }>;
  const served = answers.reduce((s, a) => s + a.answers, 0);
  const weight = answers.reduce((s, a) => s + a.quality, 0);
  const tiers = [...new Set([...answers.map((a) => a.tier), ...buckets.flatMap((b) => (b.tier ? [b.tier] : []))])]
    .sort()
    .reverse() // "full" before "degraded"
    .map((tier) => {
      const a = answers.find((x) => x.tier === tier);
      return {
        tier,
        answers: a?.answers ?? 0,
        share: served ? frac((a?.answers ?? 0) / served) : null,
        quality: a ? frac(a.quality / a.answers) : null,
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
  };
}
