import type { EndpointTier, SessionApi, SloKey, StopKey, Tier } from "@faultline/contracts";
import type { Threshold } from "@faultline/core";

/**
 * The resolved, validated form of a scenario file. Loaders (YAML, or a
 * defineScenario module) produce this; the runner and the analytics consume
 * it. Every duration is milliseconds; every rate is per second.
 */
export interface Scenario {
  /** Scenario name, used in run ids and reports. */
  readonly name: string;
  /** Path of the file it came from, for messages. */
  readonly file: string;
  /** Length of one pass. */
  readonly durationMs: number;
  /** Seed for every random choice (arrivals, monkey blocks, node jitter). */
  readonly seed: number;
  /** Port of the run's live Prometheus metrics, when the scenario asks for them (`--metrics-port` overrides it). */
  readonly metricsPort?: number;
  readonly nodes: readonly NodeSpec[];
  readonly client: ClientSpec;
  /** Names of the systems played, in order (the pass names); defaults to [client.strategy]. */
  readonly strategies: readonly string[];
  /** The systems under test (`systems:`, or `strategies:` as it was first called), one pass each, in order. */
  readonly systems: readonly SystemSpec[];
  readonly load: LoadSpec;
  /** The resolved timeline: repeats expanded, relative times made absolute, sorted by atMs. */
  readonly attacks: readonly AttackSpec[];
  readonly slo: SloSpec;
  /** Thresholds checked before the first attack (the steady-state hypothesis); empty when not given. */
  readonly steadyState?: SloSpec;
  /** The time scale the scenario was loaded with (1 = as written). */
  readonly timeScale?: number;
  readonly stopConditions: readonly StopCondition[];
}

/** One inference node of the scenario. */
export interface NodeSpec {
  readonly name: string;
  /** A profile name known to @faultline/node (h100-llama3-8b, zero, ...). */
  readonly profile: string;
  /** Whose errors, headers and rate limits the simulated node imitates (a name from personaNames(); default openai). */
  readonly persona: string;
  readonly cloud: string | null;
  readonly region: string | null;
  /** Profile parameter overrides (e.g. ttftMs, itlMs, maxBatch). */
  readonly overrides: Readonly<Record<string, number>>;
  /** External node: not started, used where it runs. Base URL including /v1. */
  readonly url: string | null;
  /** Admin base URL of an external node; defaults to url's origin. */
  readonly adminUrl: string | null;
  /** What the node costs per hour of uptime, for cost figures; null when not given. */
  readonly costPerHour: number | null;
  /** What the node costs per 1,000 tokens served; null when not given. */
  readonly costPer1kTokens: number | null;
  /**
   * The node continues a trailing assistant message, so the client may resume a stream cut
   * after its first token there (the client's endpoint field of the same name). Default false.
   */
  readonly supportsPrefill: boolean;
  /** Residency tags (lower case) the node runs under; empty when it declares none. */
  readonly jurisdiction: readonly string[];
  /** Degradation tier of its answers (TIERS in @faultline/contracts). */
  readonly tier: EndpointTier;
  /** The most tokens an answer from it may have (the client lowers a larger max_tokens), or null for no cap. */
  readonly maxTokens: number | null;
  /** Quality weight of its answers, 0..1, for quality-weighted availability. */
  readonly quality: number;
}

/** How the failover client is set up. */
export interface ClientSpec {
  /** The strategy under test; the SLO verdict (exit status) is judged on it. */
  readonly strategy: string;
  /** Endpoint order: first is the primary. */
  readonly order: readonly string[];
  /** Strategy option overrides, passed through to @faultline/client. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** The open-model load profile. */
export interface LoadSpec {
  /** Arrival rate at the start, requests per second. */
  readonly rate: number;
  /** Arrival rate at the end (linear ramp); equals rate when constant. */
  readonly rateEnd: number;
  readonly arrival: "poisson" | "uniform";
  /** Share of requests that stream, 0..1. */
  readonly stream: number;
  /** Prompt length in tokens: uniform between min and max. */
  readonly promptTokens: { readonly min: number; readonly max: number };
  /** max_tokens asked for: uniform between min and max. */
  readonly maxTokens: { readonly min: number; readonly max: number };
  /** Per-request deadline the load generator gives the client. */
  readonly timeoutMs: number;
  /** Weighted request classes; when absent every request uses the fields above. */
  readonly classes?: readonly RequestClass[];
}

/** A weighted kind of request: its own stream share and token ranges. */
export interface RequestClass {
  readonly name: string;
  /** Relative weight; the generator picks a class with probability weight / sum of weights. */
  readonly weight: number;
  readonly stream: number;
  readonly promptTokens: { readonly min: number; readonly max: number };
  readonly maxTokens: { readonly min: number; readonly max: number };
  /** The jurisdiction tag (lower case) its requests must stay in, or null for anywhere. */
  readonly residency: string | null;
  /** The lowest tier its requests accept, or null for any. */
  readonly minTier: Tier | null;
  /** Set when the class is conversations rather than single requests (then its weight is 0). */
  readonly session: SessionSpec | null;
}

/**
 * A conversation class: each session sends its turns one after another, turn n + 1 after turn n's answer and a
 * think time, each turn's prompt the whole history (context, every user message and answer) plus a new user message.
 */
export interface SessionSpec {
  /** Sessions started at the beginning of the pass (each after one think time), or null when `rate` is given. */
  readonly count: number | null;
  /** New sessions per second over the pass, or null when `count` is given. */
  readonly rate: number | null;
  readonly turns: { readonly min: number; readonly max: number };
  /** Pause between an answer and the next turn (scaled by the time scale). */
  readonly thinkTimeMs: { readonly min: number; readonly max: number };
  /** Tokens of the opening system/context message. */
  readonly contextTokens: { readonly min: number; readonly max: number };
  /** Tokens of each turn's new user message. */
  readonly userTokens: { readonly min: number; readonly max: number };
  /**
   * chat: each turn sends the whole history to chat completions; responses: only its new message, with
   * previous_response_id naming the last answer (store: true), so the conversation lives where that answer is stored.
   */
  readonly api: SessionApi;
}

/** One fault on the resolved timeline. */
export interface AttackSpec {
  /** Stable id: the scenario's `id:` or `attack-<index>`. */
  readonly id: string;
  readonly atMs: number;
  /** Null for faults that last until reverted or the run ends. */
  readonly durationMs: number | null;
  /** Node name (targets such as `cloud: aws` are expanded to names). */
  readonly target: string;
  /** Fault kind, as registered in @faultline/node's fault table. */
  readonly fault: string;
  /** Fault parameters as the node's admin API takes them (e.g. {ms: 120}). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The authored id this came from; repeats, ramp steps and monkey draws share it. */
  readonly source?: string;
  /** Set on the steps of a ramp: which parameter moves, and this step's place (1-based) in the ramp. */
  readonly ramp?: { readonly param: string; readonly step: number; readonly steps: number };
}

/** SLO thresholds by the keys of @faultline/contracts' SUMMARY_FIGURES; each is optional. */
export type SloSpec = { readonly [K in SloKey]?: Threshold };

/** Abort the pass when a figure over a sliding window meets its threshold. */
export interface StopCondition {
  /** The figure watched: a `stop:` key of @faultline/contracts' SUMMARY_FIGURES (errorRate, availability, p99, ...). */
  readonly key: StopKey;
  /** Met means stop, e.g. errorRate > 0.5 or p99 > 5000 (ms). */
  readonly threshold: Threshold;
  readonly windowMs: number;
}

/**
 * One system under test. A faultline strategy preset runs faultline's own
 * client in the runner; the other kinds are black boxes the load is sent
 * through, judged from what the caller got and what each node saw.
 */
export type SystemSpec = PresetSystem | EndpointSystem | GatewaySystem | SdkSystem;

/** faultline's own failover client with a strategy preset (white-box: its routing events are logged). */
export interface PresetSystem {
  readonly kind: "preset";
  /** The strategy preset, also the pass name. */
  readonly name: string;
}

/** What every black-box system has: where requests go and how. Strings may hold placeholders. */
interface ExternalSystem {
  readonly name: string;
  /** The system file it came from, or null when written inline. */
  readonly file: string | null;
  /** Base URL including /v1; may hold placeholders. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Model name put in each request body; null keeps the load's. */
  readonly model: string | null;
}

/** An endpoint that is already running (a gateway the user started, a hosted router). */
export interface EndpointSystem extends ExternalSystem {
  readonly kind: "endpoint";
}

/** A gateway faultline starts for each pass, after the nodes, and stops with its process group after it. */
export interface GatewaySystem extends ExternalSystem {
  readonly kind: "gateway";
  /** argv, no shell; placeholders allowed. */
  readonly command: readonly string[];
  /** Absolute folder the command runs in. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** A file written into the pass's folder before the start, from a template with placeholders. */
  readonly config: { readonly path: string; readonly template: string } | null;
  /** Polled until it answers below 500; null means the url's origin. */
  readonly ready: string | null;
  readonly readyTimeoutMs: number;
}

/** The official openai npm SDK as the client, with its own retries and timeouts. */
export interface SdkSystem extends ExternalSystem {
  readonly kind: "openai-sdk";
  /** The SDK's maxRetries; null keeps the SDK's default. */
  readonly maxRetries: number | null;
  /** The SDK's timeout; null keeps the SDK's default. */
  readonly timeoutMs: number | null;
}
