import { checkFigures } from "@faultline/contracts";
import { SYSTEM_SCHEMA } from "./systems/system-schema.js";
import { TIMING_PROPERTIES, VALUE_DEFS } from "./schema-defs.js";
import { ENDPOINT_TIERS, TIERS } from "@faultline/contracts";
import { POSITIVE_DURATION, withEditorHints } from "./editor-hints.js";
import { documented, LOAD_DOCS, NODE_DOCS, TOP_LEVEL_DOCS } from "./schema-docs.js";

const node = {
  type: "object",
  additionalProperties: false,
  properties: documented(
    {
      profile: { type: "string" },
      persona: { type: "string" },
      cloud: { type: "string" },
      region: { type: "string" },
      url: { $ref: "#/$defs/url" },
      adminUrl: { $ref: "#/$defs/url" },
      overrides: { type: "object", additionalProperties: { type: "number" } },
      costPerHour: { type: "number", minimum: 0 },
      costPer1kTokens: { type: "number", minimum: 0 },
      supportsPrefill: { type: "boolean" },
      jurisdiction: {
        anyOf: [
          { type: "string", minLength: 1 },
          { type: "array", minItems: 1, items: { type: "string", minLength: 1 } },
        ],
        description:
          "residency tags of the node (eu, or [eu, de]); a load class with residency: eu goes only to nodes tagged eu",
      },
      tier: { enum: [...ENDPOINT_TIERS], description: "the node's degradation tier: full (default) or degraded" },
      maxTokens: {
        type: "integer",
        minimum: 1,
        description: "the most tokens an answer from this node may have: the client lowers a larger max_tokens to it",
      },
      quality: {
        type: "number",
        minimum: 0,
        maximum: 1,
        description: "the quality weight of its answers, 0..1 (default 1), for quality-weighted availability",
      },
    },
    NODE_DOCS
  ),
};

// Attack params are checked against the fault kind's own schema from
// @faultline/node (check-attack.ts), so the structural schema lets them through.
const attack = {
  type: "object",
  required: ["target", "fault"],
  properties: {
    ...TIMING_PROPERTIES,
    target: { $ref: "#/$defs/target" },
    fault: { type: "string" },
    duration: { $ref: "#/$defs/duration" },
    ramp: {
      type: "object",
      additionalProperties: false,
      required: ["param", "from", "to"],
      properties: {
        param: { type: "string" },
        from: { type: "number" },
        to: { type: "number" },
        step: { $ref: "#/$defs/duration" },
      },
    },
  },
};

const group = {
  type: "object",
  additionalProperties: false,
  properties: {
    ...TIMING_PROPERTIES,
    parallel: { type: "array", items: { $ref: "#/$defs/item" } },
    serial: { type: "array", items: { $ref: "#/$defs/item" } },
  },
};

const monkey = {
  type: "object",
  additionalProperties: false,
  required: ["monkey"],
  properties: {
    monkey: {
      type: "object",
      additionalProperties: false,
      required: ["every", "faults"],
      properties: {
        id: TIMING_PROPERTIES.id,
        from: { $ref: "#/$defs/duration" },
        until: { $ref: "#/$defs/duration" },
        every: { $ref: "#/$defs/duration" },
        targets: {
          anyOf: [{ $ref: "#/$defs/target" }, { type: "array", minItems: 1, items: { $ref: "#/$defs/target" } }],
        },
        faults: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            required: ["fault", "duration"],
            properties: {
              fault: { type: "string" },
              weight: { type: "number", exclusiveMinimum: 0 },
              duration: { $ref: "#/$defs/duration" },
            },
          },
        },
      },
    },
  },
};

const load = {
  type: "object",
  additionalProperties: false,
  properties: documented(
    {
      rate: {
        anyOf: [
          { $ref: "#/$defs/rate" },
          {
            type: "object",
            additionalProperties: false,
            required: ["from", "to"],
            properties: { from: { $ref: "#/$defs/rate" }, to: { $ref: "#/$defs/rate" } },
          },
        ],
      },
      arrival: { enum: ["poisson", "uniform"] },
      stream: { $ref: "#/$defs/share" },
      promptTokens: { $ref: "#/$defs/tokens" },
      maxTokens: { $ref: "#/$defs/tokens" },
      timeout: { $ref: "#/$defs/duration" },
      classes: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          additionalProperties: false,
          required: ["name"],
          properties: {
            name: { type: "string" },
            weight: {
              type: "number",
              exclusiveMinimum: 0,
              description: "relative share of the open-model arrivals (not for a class with session)",
            },
            stream: { $ref: "#/$defs/share" },
            promptTokens: { $ref: "#/$defs/tokens" },
            maxTokens: { $ref: "#/$defs/tokens" },
            residency: {
              type: "string",
              minLength: 1,
              description: "the jurisdiction tag this class's requests must stay in (sent as x-faultline-residency)",
            },
            minTier: {
              enum: Object.keys(TIERS),
              description:
                "the lowest tier this class's requests accept: " +
                "full never gets a degraded answer, degraded never a cached one",
            },
            session: { $ref: "#/$defs/session" },
          },
        },
      },
    },
    LOAD_DOCS
  ),
};

/**
 * Builds the scenario JSON Schema (draft-07). With `forEditors`, adds fault
 * kinds, profiles and per-kind parameters from @faultline/node for completion.
 */
export function buildScenarioSchema(options: { forEditors: boolean }): Record<string, unknown> {
  const defs = {
    ...VALUE_DEFS,
    node,
    load,
    attack,
    group,
    monkey,
    system: SYSTEM_SCHEMA,
    item: { anyOf: [{ $ref: "#/$defs/monkey" }, { $ref: "#/$defs/group" }, { $ref: "#/$defs/attack" }] },
  };
  const systemList = {
    type: "array",
    minItems: 1,
    // A name is a strategy, a mapping is a system: told apart first, so a bad entry is one error.
    items: options.forEditors
      ? { if: { type: "string" }, then: { $ref: "#/$defs/strategy" }, else: { $ref: "#/$defs/system" } }
      : {},
    ...(options.forEditors ? { uniqueItems: true } : {}),
    description:
      "the systems under test, one pass each: faultline strategies, or gateways, endpoints and " +
      "SDKs (see examples/systems)",
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://faultline.dev/scenario.schema.json",
    title: "faultline scenario",
    type: "object",
    additionalProperties: false,
    required: ["name", "duration", "nodes"],
    properties: documented(
      {
        $schema: { type: "string" },
        name: { type: "string", minLength: 1 },
        duration: options.forEditors ? POSITIVE_DURATION : { $ref: "#/$defs/duration" },
        seed: { type: "integer", minimum: 0, maximum: 4294967295 },
        metricsPort: {
          type: "integer",
          minimum: 0,
          maximum: 65535,
          description:
            "serve the run's live Prometheus metrics on this port (0: any free one); --metrics-port overrides it",
        },
        nodes: {
          type: "object",
          minProperties: 1,
          propertyNames: { pattern: "^[A-Za-z][\\w-]*$" },
          additionalProperties: { $ref: "#/$defs/node" },
        },
        client: {
          type: "object",
          additionalProperties: false,
          properties: {
            strategy: { $ref: "#/$defs/strategy" },
            order: { type: "array", minItems: 1, items: { type: "string" } },
            options: { $ref: "#/$defs/clientOptions" },
          },
        },
        // Entries are a preset name or a system map; resolve-systems.ts checks each against the one shape it announces.
        systems: systemList,
        strategies: { ...systemList, description: "the older name of systems:" },
        load: { $ref: "#/$defs/load" },
        attacks: { type: "array", items: { $ref: "#/$defs/item" } },
        slo: { $ref: "#/$defs/slo" },
        steadyState: { $ref: "#/$defs/steadyState" },
        stop: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            // One figure per condition (check-stop.ts says which when there are none or several): the stop keys of
            // @faultline/contracts' figure table, so a figure made watchable there is accepted here.
            properties: {
              ...Object.fromEntries([...checkFigures("stop").keys()].map((k) => [k, { $ref: "#/$defs/threshold" }])),
              for: { $ref: "#/$defs/duration" },
            },
          },
        },
      },
      TOP_LEVEL_DOCS
    ),
    $defs: options.forEditors ? withEditorHints(defs) : defs,
  };
}
