import type { SloKey, StopKey } from "@faultline/contracts";

/**
 * The authored form of a scenario: what a YAML file or a defineScenario()
 * module holds before validation and timeline expansion. Durations are
 * strings like "8s" or numbers of milliseconds; rates are "100/s" or numbers.
 */
export interface ScenarioInput {
  name: string;
  duration: Duration;
  seed?: number;
  /** Serve the run's live Prometheus metrics on this port (`--metrics-port` overrides it). */
  metricsPort?: number;
  nodes: Record<string, NodeInput>;
  client?: { strategy?: string; order?: string[]; options?: Record<string, unknown> };
  /** The systems under test, one pass each: strategy presets, or system maps (see SystemInput). */
  systems?: Array<string | SystemInput>;
  /** The older name of `systems`. */
  strategies?: Array<string | SystemInput>;
  load?: LoadInput;
  attacks?: AttackItemInput[];
  slo?: SloInput;
  /** Thresholds checked before the first attack (the steady-state hypothesis). */
  steadyState?: SloInput;
  stop?: StopInput[];
}

/**
 * A system under test as written: inline, or `file:` (a system file) plus overrides. See examples/systems/README.md.
 */
export interface SystemInput {
  name?: string;
  description?: string;
  file?: string;
  url?: string;
  headers?: Record<string, string>;
  model?: string;
  command?: string[];
  cwd?: string;
  env?: Record<string, string>;
  config?: { path: string; template?: string; templateFile?: string };
  ready?: string;
  readyTimeout?: Duration;
  sdk?: { maxRetries?: number; timeout?: Duration };
}

/** "8s", "250ms", "1m", or a number of milliseconds. */
export type Duration = string | number;
/** "100/s", "600/m", or a number per second. */
export type Rate = string | number;

/** One node: a profile to simulate, or an external server by url. */
export interface NodeInput {
  profile?: string;
  persona?: string;
  cloud?: string;
  region?: string;
  url?: string;
  adminUrl?: string;
  overrides?: Record<string, number>;
  costPerHour?: number;
  costPer1kTokens?: number;
  supportsPrefill?: boolean;
  /** Residency tags: `eu`, or a list such as `[eu, de]`. */
  jurisdiction?: string | string[];
  /** Degradation tier: full (default) or degraded. */
  tier?: "full" | "degraded";
  /** The most tokens an answer from this node may have (the client caps max_tokens). */
  maxTokens?: number;
  /** Quality weight of its answers, 0..1 (default 1). */
  quality?: number;
}

/** Tokens: a fixed count or a uniform range. */
export type TokenRange = number | { min: number; max: number };

/** The open-model load profile. */
export interface LoadInput {
  rate?: Rate | { from: Rate; to: Rate };
  arrival?: "poisson" | "uniform";
  stream?: number;
  promptTokens?: TokenRange;
  maxTokens?: TokenRange;
  timeout?: Duration;
  classes?: RequestClassInput[];
}

/** A weighted kind of request; unset fields fall back to the load's. */
export interface RequestClassInput {
  name: string;
  /** Share of the open-model arrivals; a class with `session` leaves it out. */
  weight?: number;
  stream?: number;
  promptTokens?: TokenRange;
  maxTokens?: TokenRange;
  /** The jurisdiction tag this class's requests must stay in. */
  residency?: string;
  /** The lowest tier this class's requests accept. */
  minTier?: "full" | "degraded" | "minimal" | "emergency";
  /** Makes the class a conversation: sessions of several turns instead of single requests. */
  session?: SessionInput;
}

/** Conversations: how many (count, or rate of new ones), how long, and how their context grows. */
export interface SessionInput {
  count?: number;
  rate?: Rate;
  turns: number | { min: number; max: number };
  thinkTime?: Duration | { min: Duration; max: Duration };
  /** Tokens of the opening system/context message. */
  context?: TokenRange;
  /** Tokens of each turn's new user message. */
  userTokens?: TokenRange;
  /** How each turn is sent: the whole history to chat completions (chat), or chained on the Responses API. */
  api?: "chat" | "responses";
}

/** Where an attack lands: a node name, "random(N)", or every node of a cloud/region. */
export type TargetInput = string | { cloud?: string; region?: string };

/** Timing shared by attacks and groups. */
export interface TimingInput {
  id?: string;
  /** Absolute start, from the start of the run. */
  at?: Duration;
  /** Start relative to another attack's end: "<id>" or "<id> + 2s". */
  after?: string;
  every?: Duration;
  times?: number;
}

/** One fault; its kind's own parameters sit beside these keys. */
export interface AttackInput extends TimingInput {
  target: TargetInput;
  fault: string;
  duration?: Duration;
  ramp?: { param: string; from: number; to: number; step?: Duration };
  [param: string]: unknown;
}

/** Attacks that start together (parallel) or one after another (serial). */
export interface GroupInput extends TimingInput {
  parallel?: AttackItemInput[];
  serial?: AttackItemInput[];
}

/** Random chaos drawn from the scenario's seed. */
export interface MonkeyInput {
  monkey: {
    id?: string;
    from?: Duration;
    until?: Duration;
    /** Mean interval between attacks (exponential gaps). */
    every: Duration;
    targets?: TargetInput[] | TargetInput;
    faults: Array<{ fault: string; weight?: number; duration: Duration; [param: string]: unknown }>;
  };
}

/** Anything the attacks list may hold. */
export type AttackItemInput = AttackInput | GroupInput | MonkeyInput;

/** SLO thresholds such as ">= 99.9%" or "<= 1500ms", by the keys of @faultline/contracts' SUMMARY_FIGURES. */
export type SloInput = Partial<Record<SloKey, string>>;

/** Abort the pass when one figure (a `stop:` key: errorRate, availability, p99, ttftP99) holds over a window. */
export type StopInput = Partial<Record<StopKey, string>> & { for?: Duration };
