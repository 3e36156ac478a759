/**
 * The shape of summary.json. Everything is plain JSON, keys in a fixed order
 * and numbers rounded, so the same events.db always gives the same bytes.
 * Durations are milliseconds, shares are fractions 0..1; null means "does not
 * apply or was never observed" (e.g. MTTR of an attack that failed no request).
 */
import type { RunHost } from "@faultline/contracts";

/** Latency-like distribution, from a histogram merged in SQL. */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** One attack window, reconstructed from the log. */
export interface Incident {
  attackId: string;
  target: string;
  fault: string;
  /** False when the injection failed: the other figures are then null. */
  injected: boolean;
  onsetMs: number | null;
  /** When the fault ended: revert acknowledged, else planned end, else end of the pass. */
  endMs: number | null;
  /** End of the window failures are counted in (fault end plus grace, see docs). */
  windowEndMs: number | null;
  /** Overlaps another attack of the same pass. */
  overlapping: boolean;
  timeToDetectMs: number | null;
  timeToNoticeMs: number | null;
  timeToFailoverMs: number | null;
  downtimeMs: number;
  mttrMs: number | null;
  /** A failure was seen and no success followed before the window closed. */
  unrecovered: boolean;
  failbackMs: number | null;
  requestsLost: number;
  requestsInWindow: number;
}

/** An incident's black-box figures (times from the onset, in ms); see docs/analytics.md. */
export interface BlackBoxIncident {
  attackId: string;
  /** New requests stopped going to the target first. */
  detectMs: number | null;
  /** First attempt sent to another node: a retry away from the target, or the detection, whichever came first. */
  rerouteMs: number | null;
  /** First byte of the first answer from another node that reached the caller. */
  failoverMs: number | null;
  /** From the fault's end until the target serves 90% of its earlier share again. */
  failbackMs: number | null;
  /** Highest attempts per client request in a second of the incident. */
  peakAmplification: number | null;
  /** Changes of the node serving most answers, second by second, in the incident's window. */
  switches: number;
}

/** A pass's black-box figures, from the nodes' attempt log; null for runs without one. */
export interface BlackBoxPass {
  /** Attempts the nodes received. */
  attempts: number;
  /** Retry amplification over the pass: attempts per client request. */
  attemptsPerRequest: number | null;
  maxAttemptsPerRequest: number;
  /** Requests no node ever saw (refused or failed inside the system under test). */
  requestsNoNodeSaw: number;
  /** Answers that reached the caller, by the node that produced them. */
  servedBy: Record<string, number>;
  /** Completion tokens generated for attempts whose answer was not the one the caller got. */
  wastedTokens: number;
  /** Changes of the serving node per minute over the pass (flapping). */
  switchesPerMin: number | null;
  /** The text each caller received against what the nodes generated; null when no answer's text was judged. */
  text: { checked: number; matching: number; spliced: number; mismatched: number } | null;
  incidents: BlackBoxIncident[];
}

/** Cost of one pass, from node prices. */
export interface PassCost {
  totalUsd: number;
  per1kSuccessfulUsd: number | null;
  standbyUsd: number;
  wastedTokensUsd: number;
}

/** Every figure of one pass (one strategy played over the timeline). */
export interface PassSummary {
  passId: number;
  strategy: string;
  repeat: number;
  status: string;
  complete: boolean;
  plannedMs: number;
  durationMs: number;
  requests: { total: number; ok: number; failed: number };
  /**
   * Sends later than the threshold behind their open-model schedule: the load generator's own lag, reported apart from
   * latency.
   */
  lateSends: { count: number; share: number | null; thresholdMs: number };
  availability: { requests: number | null; time: number | null; timeTarget: number; timeBuckets: number };
  successRate: number | null;
  errorRate: number | null;
  errorsByClass: Record<string, number>;
  throughputRps: number;
  successRps: number;
  goodputTokensPerS: number;
  tokens: { completion: number; wasted: number };
  streams: { total: number; completed: number; completedShare: number | null };
  latency: Percentiles | null;
  ttft: Percentiles | null;
  interTokenLatency: Percentiles | null;
  incidents: Incident[];
  /** The same incidents seen from outside: the caller and the nodes (any system under test). */
  blackBox: BlackBoxPass | null;
  /**
   * How the white-box figures (detect, failover) were measured: from faultline's routing events, or not at all for a
   * black box.
   */
  view: "white-box" | "black-box";
  totals: {
    downtimeMs: number;
    requestsLost: number;
    mttrMs: number | null;
    failoverMs: number | null;
    failoverMaxMs: number | null;
    detectMs: number | null;
    unrecovered: number;
  };
  cost: PassCost;
  /** Per residency class: availability and violations counted from the nodes; null when no request had a residency. */
  residency: ResidencyPass | null;
  /** Answers and time per degradation tier, and quality-weighted availability; null when every node is full quality. */
  tiers: TierPass | null;
  /** Conversation figures (docs/analytics.md, "Conversations"); null when the pass had no conversation. */
  sessions: SessionPass | null;
}

/** The conversations of one pass: how they ended, and what a move to a cold cache cost. */
export interface SessionPass extends ColdCache, ConversationRpo {
  /** Conversations that sent at least one turn. */
  sessions: number;
  completed: number;
  brokenCount: number;
  /** Still going when the pass ended. */
  unfinished: number;
  /** Broken because the history outgrew a node's context window (context_length_exceeded). */
  outgrewWindow: number;
  /** Each broken conversation: the turn it broke at, when, where and why. */
  broken: Array<{ session: string; turn: number; atMs: number; servedBy: string | null; error: string | null }>;
  /** Planned turns the broken conversations never got an answer for. */
  turnsLost: number;
  /** Requests that repeat a turn already asked. */
  turnsAskedAgain: number;
}

export type { ColdCache } from "./metrics/cold-cache.js";
import type { ColdCache } from "./metrics/cold-cache.js";
export type { ConversationRpo, LostHistory } from "./metrics/conversation-rpo.js";
import type { ConversationRpo } from "./metrics/conversation-rpo.js";

/** Degradation figures of one pass (docs/analytics.md, "Degradation tiers"). */
export interface TierPass {
  requests: number;
  /** Sum of the quality weights of the answers served, over the requests sent. */
  qualityWeightedAvailability: number | null;
  /** Answers over requests, for comparison (the same as the pass's request availability). */
  availability: number | null;
  /** Per tier, best first: answers served at it, their share of all answers, mean quality, and time it led. */
  tiers: Array<{ tier: string; answers: number; share: number | null; quality: number | null; timeMs: number }>;
  /** Time in buckets with requests and no answer at all. */
  unservedMs: number;
  /** The bucket width time per tier is counted in. */
  bucketMs: number;
  /** The retry queue (emergency tier): null when no request entered it. */
  queue: TierQueue | null;
}

/** How the requests that entered the retry queue left it (requests.queue_outcome), and the longest wait. */
export interface TierQueue {
  queued: number;
  rescued: number;
  timed_out: number;
  overflow: number;
  failed: number;
  longestWaitMs: number;
}

/** One residency class of a pass (`any` for requests without a residency). */
export interface ResidencyClass {
  residency: string;
  requests: number;
  ok: number;
  availability: number | null;
  /** Requests sent while a fault of the pass was active: where failing closed costs availability. */
  duringAttacks: { requests: number; ok: number; availability: number | null };
  /** Requests that ended with the `residency` failure class: refused rather than sent outside their residency. */
  refusedForResidency: number;
  /**
   * Attempts nodes outside the residency received (node_attempts); null for `any`, or counts null without node
   * records.
   */
  violations: { attempts: number | null; requests: number | null; nodes: string[] } | null;
}

/** Residency figures of one pass. */
export interface ResidencyPass {
  classes: ResidencyClass[];
  /** Every violating attempt of the pass, from the node side; null when the nodes kept no attempt records. */
  violationAttempts: number | null;
  /** `residency_fail_open` routing events (faultline's client with `allowFailOpen`). */
  failOpenAttempts: number;
}

/** One SLO check of one strategy. */
export interface SloCheck {
  strategy: string;
  name: string;
  threshold: string;
  actual: number | null;
  ok: boolean;
  /**
   * Why the check could not be judged on this pass, e.g. a failover-time SLO on a pass where nothing failed over
   * (met vacuously, so `ok`, but reported as "not applicable" with this reason); absent when it was judged.
   */
  notApplicable?: string;
}

/** A figure over repeats of one strategy: median and spread. */
export interface RepeatStat {
  median: number | null;
  min: number | null;
  max: number | null;
  /** Repeat numbers whose value sits far from the median (see docs). */
  outliers: number[];
}

/** The repeats of one strategy, summarised. */
export interface StrategySummary {
  strategy: string;
  repeats: number;
  figures: Record<string, RepeatStat>;
}

/** What was run, for a postmortem: the scenario's file, load, nodes and client, the time scale, the host. */
export interface RunContext {
  scenarioFile: string | null;
  /** One pass's planned length, time scale applied. */
  plannedPassMs: number | null;
  timeScale: number | null;
  /** The resolved load profile, as the scenario validator resolved it. */
  load: unknown;
  nodes: Array<{ name: string; profile: string; cloud: string | null; region: string | null; url: string | null }>;
  client: { gateStrategy: string | null; order: string[]; options: Record<string, unknown> };
  /** The machine the run played on (null for runs recorded before it was stored). */
  host: RunHost | null;
}

/** One attack as played: planned against actual, revert, verification, and the traffic its target carried. */
export interface AttackLedgerRow {
  passId: number;
  strategy: string;
  repeat: number;
  attackId: string;
  target: string;
  fault: string;
  params: Record<string, unknown>;
  plannedMs: number;
  /** When the injection was acknowledged; null when it failed (see error). */
  startMs: number | null;
  /** startMs - plannedMs. */
  lateMs: number | null;
  plannedEndMs: number | null;
  revertedMs: number | null;
  verified: boolean | null;
  error: string | null;
  /**
   * Requests the target served (or failed last) while the fault was in effect; 0 flags an attack that changed
   * nothing.
   */
  targetRequests: number | null;
}

/** How hard the client worked in one pass: attempts per request and retries. */
export interface TrafficRow {
  passId: number;
  strategy: string;
  repeat: number;
  requests: number;
  attempts: number;
  attemptsPerRequest: number | null;
  retries: number;
  /** How long the pass actually ran. */
  actualMs: number;
}

/** The postmortem's record of a run: context, attack ledger, client traffic. */
export interface Postmortem {
  context: RunContext;
  ledger: AttackLedgerRow[];
  traffic: TrafficRow[];
}

/** The whole report as data: summary.json. */
/** The shards a run was split into (`run --shard`, `merge`). */
export interface RunShards {
  count: number;
  /** This run's shard index; null for a merged run. */
  index: number | null;
  /** The start skew furthest from 0 over each shard's passes, ms, by shard index. */
  worstSkewMs: Record<string, number>;
  /** Each incident as each shard's client saw it (merged runs). */
  incidents: ShardIncidentView[];
}

/** One incident as each shard saw it: its client's first reaction and first answer from another node. */
export interface ShardIncidentView {
  pass: number;
  attackId: string;
  /** By shard index; ms after the onset, null when that shard never reacted or never failed over. */
  byShard: Record<string, { detectMs: number | null; failoverMs: number | null }>;
}

export interface Summary {
  schemaVersion: 1;
  run: {
    scenario: string | null;
    seed: string | null;
    startedAt: string | null;
    faultlineVersion: string | null;
    complete: boolean;
    timeScale: string | null;
    /** Present for a sharded or merged run only. */
    shards?: RunShards;
  };
  slo: {
    gateStrategy: string;
    verdict: "pass" | "fail" | "incomplete";
    /**
     * The steady-state hypothesis re-checked after recovery on the gate strategy, a verdict of its own (it does not
     * change `verdict`): "not checked" without a steadyState or without an injected fault.
     */
    afterRecovery: "held" | "broken" | "not applicable" | "not checked";
    checks: SloCheck[];
  };
  passes: PassSummary[];
  strategies: StrategySummary[];
  /** What was run and what was done, for a postmortem (attack ledger, context, client traffic). */
  postmortem: Postmortem;
}
