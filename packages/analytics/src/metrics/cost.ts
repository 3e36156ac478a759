import type Database from "better-sqlite3";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import type { PassRow } from "../run-db.js";
import { num } from "../round.js";
import type { PassCost } from "../types.js";
import type { PassScan } from "./pass-scan.js";

interface NodePrice {
  name: string;
  perHour: number;
  per1k: number;
}

/** A node's prices: its own, else its cloud's default, else the global fallback. */
function pricesOf(db: Database.Database, passId: number): NodePrice[] {
  const rows = db
    .prepare(
      "SELECT name, cloud, cost_per_hour AS perHour, cost_per_1k_tokens AS per1k FROM nodes WHERE " +
        "pass_id = ? ORDER BY name"
    )
    .all(passId) as Array<{ name: string; cloud: string | null; perHour: number | null; per1k: number | null }>;
  const byCloud = ANALYTICS_DEFAULTS.costPerHourByCloud;
  return rows.map((r) => ({
    name: r.name,
    perHour: r.perHour ?? (r.cloud !== null ? byCloud[r.cloud] : undefined) ?? ANALYTICS_DEFAULTS.costPerHourFallback,
    per1k: r.per1k ?? ANALYTICS_DEFAULTS.costPer1kTokensFallback,
  }));
}

/**
 * What a pass cost: every node of the pass is billed for the pass's length
 * (it was running, used or not) plus its per-token price for the tokens it
 * processed. Standby is the hourly cost of the nodes other than the primary;
 * wasted tokens are partial answers thrown away on failover.
 */
export function passCost(
  db: Database.Database,
  pass: PassRow,
  scan: PassScan,
  primary: string | null,
  okRequests: number
): PassCost {
  const prices = pricesOf(db, pass.id);
  const tokens = new Map<string, { processed: number; wasted: number }>();
  for (const r of scan.counts) {
    if (r.node === null) continue;
    const t = tokens.get(r.node) ?? { processed: 0, wasted: 0 };
    t.processed += r.tokens;
    t.wasted += r.wasted;
    tokens.set(r.node, t);
  }
  const hours = pass.endMs / 3_600_000;
  let total = 0;
  let standby = 0;
  let wasted = 0;
  for (const p of prices) {
    const t = tokens.get(p.name);
    const gpu = p.perHour * hours;
    total += gpu + ((t?.processed ?? 0) / 1000) * p.per1k;
    wasted += ((t?.wasted ?? 0) / 1000) * p.per1k;
    if (primary !== null && p.name !== primary) standby += gpu;
  }
  return {
    totalUsd: num(total),
    per1kSuccessfulUsd: okRequests > 0 ? num((total / okRequests) * 1000) : null,
    standbyUsd: num(standby),
    wastedTokensUsd: num(wasted),
  };
}
