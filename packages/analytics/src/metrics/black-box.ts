import type Database from "better-sqlite3";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import type { PassRow } from "../run-db.js";
import { frac, ms, msOrNull, num, ratio } from "../round.js";
import type { BlackBoxIncident, BlackBoxPass, Incident } from "../types.js";
import { textCheckOf } from "./text-check.js";
import {
  amplificationBuckets,
  attemptTotals,
  firstRetryElsewhere,
  hasAttempts,
  seenRequests,
  type SeenRequest,
} from "./black-box-rows.js";

const D = ANALYTICS_DEFAULTS.blackBox;

// Requests are in schedule order; `between` slices them by binary search.

/**
 * The black-box figures of a pass: what the caller got and what each node
 * saw, with no routing event read. They apply to any system under test, so
 * faultline's own strategies get them too and the two views can be held
 * against each other. Definitions are in docs/analytics.md. Null when the
 * pass has no node-side attempt log.
 */
export function blackBoxOf(db: Database.Database, pass: PassRow, incidents: readonly Incident[]): BlackBoxPass | null {
  if (!hasAttempts(db, pass.id)) return null;
  const requests = seenRequests(db, pass.id);
  const totals = attemptTotals(db, pass.id);
  const buckets = amplificationBuckets(db, pass.id, D.amplificationBucketMs);
  const servedBy: Record<string, number> = {};
  let maxAttempts = 0;
  let unseen = 0;
  for (const r of requests) {
    if (r.servedNode !== null) servedBy[r.servedNode] = (servedBy[r.servedNode] ?? 0) + 1;
    if (r.attempts > maxAttempts) maxAttempts = r.attempts;
    if (r.attempts === 0) unseen++;
  }
  const switches = dominantSwitches(requests, 0, pass.endMs);
  return {
    attempts: totals.attempts,
    attemptsPerRequest:
      ratio(totals.attempts, requests.length) === null ? null : num(totals.attempts / requests.length),
    maxAttemptsPerRequest: maxAttempts,
    requestsNoNodeSaw: unseen,
    servedBy: Object.fromEntries(
      Object.keys(servedBy)
        .sort()
        .map((k) => [k, servedBy[k]!])
    ),
    wastedTokens: Math.max(0, totals.tokens - totals.servedTokens),
    switchesPerMin: pass.endMs > 0 ? num(switches / (pass.endMs / 60_000)) : null,
    text: textCheckOf(db, pass.id),
    incidents: incidents.map((i) => incidentOf(db, pass, i, incidents, requests, buckets)),
  };
}

/** Where a failback search stops: the next attack's onset after this fault's end, else the pass's end. */
function nextOnset(incidents: readonly Incident[], i: Incident, passEnd: number): number {
  const later = incidents.map((x) => x.onsetMs).filter((t): t is number => t !== null && t >= i.endMs!);
  return Math.min(passEnd, ...later);
}

function incidentOf(
  db: Database.Database,
  pass: PassRow,
  i: Incident,
  incidents: readonly Incident[],
  requests: SeenRequest[],
  buckets: ReturnType<typeof amplificationBuckets>
): BlackBoxIncident {
  if (!i.injected || i.onsetMs === null || i.windowEndMs === null || i.endMs === null) {
    return {
      attackId: i.attackId,
      detectMs: null,
      rerouteMs: null,
      failoverMs: null,
      failbackMs: null,
      peakAmplification: null,
      switches: 0,
    };
  }
  const onset = i.onsetMs;
  const before = between(requests, onset - D.baselineMs, onset);
  const firstShare = share(before, (r) => r.firstNode, i.target);
  const servedShare = share(
    before.filter((r) => r.ok),
    (r) => r.servedNode,
    i.target
  );
  const during = between(requests, onset, i.windowEndMs);
  const detect = routedAwayAt(during, i.target, firstShare);
  const retry = firstRetryElsewhere(db, pass.id, i.target, onset, i.windowEndMs);
  const reroute = detect === null ? retry : retry === null ? detect : Math.min(detect, retry);
  // As in the white-box figure: only an incident the system reacted to, or that failed a request, has a failover.
  const reacted = reroute !== null || i.timeToNoticeMs !== null;
  const answered = during.filter(
    (r) =>
      r.servedNode !== null && r.servedNode !== i.target && r.servedFirstByteMs !== null && r.servedFirstByteMs >= onset
  );
  const failover = reacted && answered.length > 0 ? Math.min(...answered.map((r) => r.servedFirstByteMs!)) : null;
  let peak: number | null = null;
  for (const [b, x] of buckets) {
    const t = b * D.amplificationBucketMs;
    if (t < onset - D.amplificationBucketMs || t >= i.windowEndMs || x.requests < D.minBucketRequests) continue;
    peak = Math.max(peak ?? 0, x.attempts / x.requests);
  }
  return {
    attackId: i.attackId,
    detectMs: msOrNull(detect === null ? null : detect - onset),
    rerouteMs: msOrNull(reroute === null ? null : reroute - onset),
    failoverMs: msOrNull(failover === null ? null : failover - onset),
    failbackMs: msOrNull(failbackAt(requests, i.target, servedShare, i.endMs, nextOnset(incidents, i, pass.endMs))),
    peakAmplification: peak === null ? null : num(peak),
    switches: dominantSwitches(requests, onset, i.windowEndMs),
  };
}

/** The requests scheduled in [from, to), by binary search: `requests` is in schedule order. */
function between(requests: readonly SeenRequest[], from: number, to: number): readonly SeenRequest[] {
  const lowerBound = (t: number) => {
    let lo = 0;
    let hi = requests.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (requests[mid]!.scheduledMs < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return requests.slice(lowerBound(from), lowerBound(to));
}

/** Share of `rows` whose node (by `pick`) is `target`; null when there are none. */
function share(rows: readonly SeenRequest[], pick: (r: SeenRequest) => string | null, target: string): number | null {
  const seen = rows.filter((r) => pick(r) !== null);
  return seen.length === 0 ? null : seen.filter((r) => pick(r) === target).length / seen.length;
}

/**
 * When the system stopped sending new requests to the target first: the
 * first request from which, over it and the next requests (a window of
 * D.detectWindow), the target's share of first attempts is at most half its
 * share before the onset. Null when the target took no first attempts before
 * (nothing to detect) or the share never fell (a stack that tries the target
 * first every time never detects; it pays for the fault on every request).
 */
function routedAwayAt(during: readonly SeenRequest[], target: string, before: number | null): number | null {
  if (before === null || before === 0) return null;
  const rows = during.filter((r) => r.firstNode !== null);
  const k = D.detectWindow;
  for (let i = 0; i + k <= rows.length; i++) {
    if (rows[i]!.firstNode === target) continue;
    let onTarget = 0;
    for (let j = i; j < i + k; j++) if (rows[j]!.firstNode === target) onTarget++;
    if (onTarget / k <= before / 2) return rows[i]!.firstArrivedMs;
  }
  return null;
}

/**
 * Failback: after the fault ends, the first second-long bucket in which the
 * target's share of answers is back to D.failbackShare of its share before
 * the onset; the failback is the first answer from the target in that bucket.
 * Searched until the next attack's onset (as the white-box figure is); null
 * when the target served nothing before, or never got back there in time.
 */
function failbackAt(
  requests: readonly SeenRequest[],
  target: string,
  before: number | null,
  faultEnd: number,
  searchEnd: number
): number | null {
  if (before === null || before === 0) return null;
  const width = D.amplificationBucketMs;
  for (let from = faultEnd; from < searchEnd; from += width) {
    const bucket = between(requests, from, Math.min(from + width, searchEnd)).filter(
      (r) => r.ok && r.servedNode !== null
    );
    if (bucket.length < D.minBucketRequests) continue;
    const own = bucket.filter((r) => r.servedNode === target);
    if (own.length / bucket.length >= D.failbackShare * before) return Math.min(...own.map((r) => r.endMs)) - faultEnd;
  }
  return null;
}

/**
 * Changes of the node serving the majority of a bucket's successes, between buckets; a bucket with no majority keeps
 * the previous one.
 */
function dominantSwitches(requests: readonly SeenRequest[], from: number, to: number): number {
  const counts = new Map<number, Map<string, number>>();
  for (const r of between(requests, from, to)) {
    if (!r.ok || r.servedNode === null) continue;
    const b = Math.floor((r.scheduledMs - from) / D.amplificationBucketMs);
    const m = counts.get(b) ?? new Map<string, number>();
    m.set(r.servedNode, (m.get(r.servedNode) ?? 0) + 1);
    counts.set(b, m);
  }
  let last: string | null = null;
  let switches = 0;
  for (const b of [...counts.keys()].sort((x, y) => x - y)) {
    const m = counts.get(b)!;
    const total = [...m.values()].reduce((a, c) => a + c, 0);
    const top = [...m.entries()].find(([, n]) => n > total / 2)?.[0] ?? null;
    if (top === null || total < D.minBucketRequests) continue;
    if (last !== null && top !== last) switches++;
    last = top;
  }
  return switches;
}

/** Averages of the black-box incident figures, for the pass totals. */
export function blackBoxTotals(b: BlackBoxPass | null): {
  detectMs: number | null;
  failoverMs: number | null;
  rerouteMs: number | null;
  peakAmplification: number | null;
} {
  if (!b) return { detectMs: null, failoverMs: null, rerouteMs: null, peakAmplification: null };
  const mean = (xs: Array<number | null>) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? ms(v.reduce((a, c) => a + c, 0) / v.length) : null;
  };
  const peaks = b.incidents.map((i) => i.peakAmplification).filter((x): x is number => x !== null);
  return {
    detectMs: mean(b.incidents.map((i) => i.detectMs)),
    failoverMs: mean(b.incidents.map((i) => i.failoverMs)),
    rerouteMs: mean(b.incidents.map((i) => i.rerouteMs)),
    peakAmplification: peaks.length ? frac(Math.max(...peaks)) : null,
  };
}
