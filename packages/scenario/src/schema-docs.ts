import { STRATEGY_NAMES, TIERS, checkFigures } from "@faultline/contracts";
import { DEFAULT_PERSONA, personaNames, profileNames } from "@faultline/node/tables";
import { SCENARIO_DEFAULTS } from "./defaults.js";

/** What an editor shows for a key: a line of meaning, the default the loader applies, and examples. */
export interface KeyDoc {
  description: string;
  default?: unknown;
  examples?: unknown[];
}

// The defaults below are SCENARIO_DEFAULTS' and the node tables' own values, so an editor shows
// what the loader applies (editor-schema.test.ts checks them against SCENARIO_DEFAULTS).
const D = SCENARIO_DEFAULTS;

/** Top-level keys of a scenario. */
export const TOP_LEVEL_DOCS: Readonly<Record<string, KeyDoc>> = Object.freeze({
  name: { description: "Used in run ids and reports.", examples: ["paper", "eu-region-outage"] },
  duration: { description: "Length of one pass (one strategy); above 0.", examples: ["60s", "2m"] },
  seed: {
    description: "Seed for arrivals, monkey blocks and random(N) targets; --seed overrides it.",
    default: D.seed,
    examples: [7],
  },
  metricsPort: {
    description: "Serve the run's live Prometheus metrics on this port (0: any free one); --metrics-port overrides it.",
    examples: [9464],
  },
  nodes: {
    description: "Map of node name to node: a simulated node (profile) or an external one (url).",
    examples: [{ primary: { profile: profileNames()[0] }, backup: { url: "http://10.0.0.5:8000/v1" } }],
  },
  client: {
    description:
      "strategy: the one the SLO verdict (exit status) is judged on; order: node names, the primary first; " +
      "options: the failover client's options (docs/client.md).",
    examples: [{ strategy: D.strategy, order: ["primary", "backup"], options: { maxAttempts: 3 } }],
  },
  systems: {
    description:
      "The systems under test, one pass each, same seed and timeline: faultline strategies, or gateways, " +
      "endpoints and SDKs (see examples/systems).",
    default: [D.strategy],
    examples: [
      ["none", "active-passive"],
      ["active-passive", { file: "../examples/systems/portkey.yaml" }],
    ],
  },
  strategies: { description: "The older name of systems: (not both).", examples: [[...STRATEGY_NAMES].slice(0, 2)] },
  load: {
    description: "The open-model load profile.",
    examples: [{ rate: "100/s", stream: 0.5, maxTokens: { min: 16, max: 64 } }],
  },
  attacks: {
    description: "The timeline: attacks, groups (parallel/serial) and monkey blocks.",
    default: [],
    examples: [[{ at: "10s", target: "primary", fault: "disable", duration: "5s" }]],
  },
  slo: {
    description: "Thresholds judged over the whole run; the gate strategy's verdict is the exit status.",
    default: {},
    examples: [{ availability: ">= 99.9%", p99: "<= 1500ms" }],
  },
  steadyState: {
    description: "Thresholds checked before the first attack, and again after recovery (a verdict of its own).",
    default: {},
    examples: [{ [[...checkFigures("steadyState").keys()][0]!]: ">= 99%" }],
  },
  stop: {
    description: "Stop conditions: a pass is aborted when one figure crosses its threshold over a window (for:).",
    default: [],
    examples: [[{ errorRate: "> 50%", for: "5s" }]],
  },
});

/** Fields of a node. */
export const NODE_DOCS: Readonly<Record<string, KeyDoc>> = Object.freeze({
  profile: {
    description: "A GPU profile from @faultline/node; required unless url is given.",
    examples: [...profileNames()].slice(0, 3),
  },
  persona: {
    description: "Whose errors, headers and rate limits the simulated node imitates.",
    default: DEFAULT_PERSONA,
    examples: [...personaNames()].slice(0, 3),
  },
  cloud: { description: "A label; targets such as { cloud: aws } select by it.", examples: ["aws", "gcp"] },
  region: { description: "A label; targets such as { region: eu-west-1 } select by it.", examples: ["us-east-1"] },
  overrides: { description: "Profile fields to override (profileOverrideKeys()).", examples: [{ ttftMs: 40 }] },
  url: {
    description: "An external node, used where it runs (not started): its base URL including /v1.",
    examples: ["http://10.0.0.5:8000/v1"],
  },
  adminUrl: {
    description: "Admin base URL of an external node; default: the origin of url.",
    examples: ["http://10.0.0.5:9000"],
  },
  costPerHour: { description: "Price per hour, for the report's cost figures.", examples: [3.9] },
  costPer1kTokens: { description: "Price per 1,000 tokens, for the report's cost figures.", examples: [0.002] },
  supportsPrefill: {
    description: "True when the node continues a trailing assistant message, so a cut stream may resume on it.",
    default: false,
    examples: [true],
  },
  jurisdiction: {
    description:
      "Residency tags of the node (eu, or [eu, de]); a load class with residency: eu goes only to nodes tagged eu.",
    examples: ["eu", ["eu", "de"]],
  },
  tier: {
    description: "The node's degradation tier: full (the primary model) or degraded (a smaller or cheaper one).",
    default: D.node.tier,
    examples: [...Object.keys(TIERS)].slice(0, 2),
  },
  quality: {
    description: "The quality weight of its answers, 0..1, for quality-weighted availability.",
    default: D.node.quality,
    examples: [0.8],
  },
});

/** Fields of `load`. */
export const LOAD_DOCS: Readonly<Record<string, KeyDoc>> = Object.freeze({
  rate: {
    description: "Arrivals per second, or a ramp { from, to } over the pass.",
    default: `${D.load.rate}/s`,
    examples: ["100/s", { from: "10/s", to: "200/s" }],
  },
  arrival: { description: "The arrival process.", default: D.load.arrival, examples: ["uniform"] },
  stream: { description: "Share of requests that stream (0..1).", default: D.load.stream, examples: [0.5] },
  promptTokens: { description: "Prompt length in tokens: a number or { min, max }.", default: D.load.promptTokens },
  maxTokens: { description: "max_tokens of each request: a number or { min, max }.", default: D.load.maxTokens },
  timeout: {
    description: "A request still waiting after this is cut and counted as failed.",
    default: `${D.load.timeoutMs}ms`,
  },
  classes: {
    description: "Request classes, each with a weight and its own stream, token lengths, residency or minimum tier.",
    examples: [
      [
        { name: "chat", weight: 3 },
        { name: "eu", weight: 1, residency: "eu" },
      ],
    ],
  },
});

/** `properties` with each key's doc merged in (a key without a doc is left as it is). */
export function documented<T extends Record<string, object>>(properties: T, docs: Readonly<Record<string, KeyDoc>>): T {
  return Object.fromEntries(
    Object.entries(properties).map(([k, schema]) => [k, docs[k] ? { ...schema, ...docs[k] } : schema])
  ) as T;
}
