import { CLIENT_OPTIONS_SCHEMA, SESSION_APIS, STRATEGY_NAMES, checkFigures } from "@faultline/contracts";

const thresholds = (use: "slo" | "steadyState") => ({
  type: "object",
  additionalProperties: false,
  properties: Object.fromEntries([...checkFigures(use).keys()].map((k) => [k, { $ref: "#/$defs/threshold" }])),
});

// Shared value shapes. Messages for these are keyed on the def name
// (messages.ts), so a bad duration always reads the same wherever it appears.
const DURATION_PATTERN = "^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)\\s*$";
const RATE_PATTERN = "^\\s*\\d+(\\.\\d+)?\\s*/\\s*(s|m|min)\\s*$";
const THRESHOLD_PATTERN = "^\\s*(>=|<=|>|<)\\s*\\d+(\\.\\d+)?\\s*(%|ms|s|m|h)?\\s*$";

/** Value definitions the scenario schema refers to by `#/$defs/<name>`. */
export const VALUE_DEFS = {
  duration: {
    type: ["string", "number"],
    pattern: DURATION_PATTERN,
    minimum: 0,
    description: "8s, 250ms, 1m, or milliseconds",
  },
  rate: {
    type: ["string", "number"],
    pattern: RATE_PATTERN,
    exclusiveMinimum: 0,
    description: "100/s, 600/m, or requests per second",
  },
  threshold: { type: "string", pattern: THRESHOLD_PATTERN, description: '">= 99.9%", "<= 1500ms"' },
  share: { type: "number", minimum: 0, maximum: 1 },
  url: { type: "string", pattern: "^https?://[^\\s/]+", description: "http://host:port/v1" },
  strategy: { enum: [...STRATEGY_NAMES] },
  tokens: {
    anyOf: [
      { type: "integer", minimum: 1 },
      {
        type: "object",
        additionalProperties: false,
        required: ["min", "max"],
        properties: { min: { type: "integer", minimum: 1 }, max: { type: "integer", minimum: 1 } },
      },
    ],
  },
  // A conversation class: its sessions send turns one after another (runner/src/sessions).
  session: {
    type: "object",
    additionalProperties: false,
    required: ["turns"],
    properties: {
      count: { type: "integer", minimum: 1, maximum: 100_000, description: "sessions started at the beginning" },
      rate: { $ref: "#/$defs/rate", description: "new sessions per second, instead of count" },
      turns: { $ref: "#/$defs/turns" },
      thinkTime: {
        anyOf: [
          { $ref: "#/$defs/duration" },
          {
            type: "object",
            additionalProperties: false,
            required: ["min", "max"],
            properties: { min: { $ref: "#/$defs/duration" }, max: { $ref: "#/$defs/duration" } },
          },
        ],
        description: "pause between an answer and the next turn (2s, or { min: 1s, max: 5s })",
      },
      context: { $ref: "#/$defs/tokens", description: "tokens of the system/context message every session opens with" },
      userTokens: { $ref: "#/$defs/tokens", description: "tokens of each turn's new user message" },
      api: {
        enum: [...SESSION_APIS],
        description:
          "chat: each turn sends the whole history to chat completions; responses: only the new message, " +
          "chained by previous_response_id (OpenAI's Responses API, store: true)",
      },
    },
  },
  turns: {
    anyOf: [
      { type: "integer", minimum: 1, maximum: 1000 },
      {
        type: "object",
        additionalProperties: false,
        required: ["min", "max"],
        properties: {
          min: { type: "integer", minimum: 1, maximum: 1000 },
          max: { type: "integer", minimum: 1, maximum: 1000 },
        },
      },
    ],
  },
  target: {
    anyOf: [
      { type: "string", description: "a node name, or random(N)" },
      {
        type: "object",
        additionalProperties: false,
        minProperties: 1,
        properties: { cloud: { type: "string" }, region: { type: "string" } },
      },
    ],
  },
  // The figures each may check are in @faultline/contracts (SUMMARY_FIGURES): a steady state is
  // judged before the first attack, where incident figures such as mttr have nothing to measure.
  slo: thresholds("slo"),
  steadyState: thresholds("steadyState"),
  // @faultline/contracts' schema, so `faultline validate` checks client.options without loading the client.
  clientOptions: { type: "object", additionalProperties: false, properties: CLIENT_OPTIONS_SCHEMA.properties },
} as const;

/** Timing keys shared by attacks and groups. */
export const TIMING_PROPERTIES = {
  id: { type: "string", pattern: "^[A-Za-z][\\w-]*$" },
  at: { $ref: "#/$defs/duration" },
  after: { type: "string", description: "<id> or <id> + 2s: start after that attack ends" },
  every: { $ref: "#/$defs/duration" },
  times: { type: "integer", minimum: 1 },
} as const;
