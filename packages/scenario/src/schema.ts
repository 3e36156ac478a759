import { checkFigures } from "@faultline/contracts";
import { SYSTEM_SCHEMA } from "./systems/system-schema.js";
import { faultKinds, personaNames, profileNames, profileOverrideKeys } from "@faultline/node/tables";
import { TIMING_PROPERTIES, VALUE_DEFS } from "./schema-defs.js";
import { TIERS } from "@faultline/contracts";
import { ATTACK_KEYS, commonFaultParams, MONKEY_FAULT_KEYS } from "./check-fault.js";
import { documented, LOAD_DOCS, NODE_DOCS, TOP_LEVEL_DOCS } from "./schema-docs.js";
import { SCENARIO_LIMITS } from "./limits.js";

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
      tier: { enum: Object.keys(TIERS), description: "the node's degradation tier: full (default) or degraded" },
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
          required: ["name", "weight"],
          properties: {
            name: { type: "string" },
            weight: { type: "number", exclusiveMinimum: 0 },
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
              description: "the lowest tier this class's requests accept: full never gets a degraded answer",
            },
          },
        },
      },
    },
    LOAD_DOCS
  ),
};

/** A schema every value passes: names a key the base schema already checks, so `additionalProperties` allows it. */
const known = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, {}]));

/** A duration above zero: a pass, or a repeat's period, of 0 s is refused (check-limits.ts says why). */
const POSITIVE_DURATION = {
  allOf: [
    { $ref: "#/$defs/duration" },
    { not: { anyOf: [{ const: 0 }, { type: "string", pattern: "^\\s*0+(\\.0+)?\\s*(ms|s|m|h)\\s*$" }] } },
  ],
};

type ParamSchema = { type?: string; minimum?: number; maximum?: number };

/**
 * `ramp:` for one fault kind: `param` one of its numeric parameters, and `from`/`to` within that
 * parameter's own range.
 */
function rampFor(params: Record<string, ParamSchema>): object {
  const numeric = Object.entries(params).filter(([, p]) => p.type === "number" || p.type === "integer");
  const range = (p: ParamSchema) => ({
    ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
    ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
  });
  if (numeric.length === 0) return { not: {}, description: "this fault kind has no numeric parameter to ramp" };
  return {
    properties: { param: { enum: numeric.map(([name]) => name) }, step: POSITIVE_DURATION },
    allOf: numeric.map(([name, p]) => ({
      if: { required: ["param"], properties: { param: { const: name } } },
      then: { properties: { from: range(p), to: range(p) } },
    })),
  };
}

/**
 * Completion and checks for editors: the fault kinds, profiles and personas
 * as enums (a misspelt one is flagged where it is typed), and each kind's own
 * parameters once `fault:` is set, with no other key allowed. The validator
 * leaves these out and checks names itself, so a typo gets one did-you-mean
 * line instead of an enum dump.
 */
function editorHints(): {
  fault: object;
  perKind: (keys: readonly string[]) => object[];
  profile: object;
  persona: object;
} {
  const kinds = faultKinds();
  return {
    fault: { enum: kinds.map((k) => k.kind), description: "a fault kind from @faultline/node" },
    // One branch per kind, chosen by `fault` alone: a bad parameter is reported once, against its own kind.
    perKind: (keys) =>
      kinds.map((k) => {
        const own = k.paramsSchema as { properties?: Record<string, ParamSchema>; required?: string[] };
        const required = own.required ?? [];
        return {
          if: { required: ["fault"], properties: { fault: { const: k.kind } } },
          then: {
            description: k.description,
            properties: {
              ...known(keys),
              ...commonFaultParams,
              ...(own.properties ?? {}),
              ...(keys.includes("ramp") ? { ramp: rampFor(own.properties ?? {}) } : {}),
            },
            additionalProperties: false,
            // A ramped parameter may be left out: the ramp gives its value (check-fault.ts).
            ...(required.length ? { if: { not: { required: ["ramp"] } }, then: { required } } : {}),
          },
        };
      }),
    profile: { enum: [...profileNames()] },
    persona: {
      enum: [...personaNames()],
      description: "whose errors, headers and rate limits the simulated node imitates (default openai)",
    },
  };
}

/** "0/s" sends nothing (a number rate is already above 0 by its own schema). */
const NOT_ZERO_RATE = { not: { type: "string", pattern: "^\\s*0+(\\.0+)?\\s*/" } };

/** Bounds of SCENARIO_LIMITS that one value can be checked against on its own. */
const BOUNDED = {
  times: { type: "integer", minimum: 1, maximum: SCENARIO_LIMITS.attacks },
  tokens: {
    anyOf: [
      { type: "integer", minimum: 1, maximum: SCENARIO_LIMITS.tokens },
      {
        type: "object",
        additionalProperties: false,
        required: ["min", "max"],
        properties: {
          min: { type: "integer", minimum: 1, maximum: SCENARIO_LIMITS.tokens },
          max: { type: "integer", minimum: 1, maximum: SCENARIO_LIMITS.tokens },
        },
      },
    ],
  },
};

/** Rules between keys that JSON Schema can say: `times` needs `every`, and `at` excludes `after`. */
const TIMING_RULES = { dependencies: { times: ["every"] }, not: { required: ["at", "after"] } };

/**
 * A timeline item, told apart by its keys before its shape is checked: `monkey`, then `parallel` or
 * `serial`, else an attack. With anyOf over the three, one bad attack also failed as a monkey and
 * as a group, and an editor listed a dozen errors for one typo.
 */
const DISCRIMINATED_ITEM = {
  if: { type: "object", required: ["monkey"] },
  then: { $ref: "#/$defs/monkey" },
  else: {
    if: { type: "object", anyOf: [{ required: ["parallel"] }, { required: ["serial"] }] },
    then: { $ref: "#/$defs/group" },
    else: { $ref: "#/$defs/attack" },
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON Schema literal, walked by known paths
function withEditorHints(defs: Record<string, any>): Record<string, unknown> {
  const hints = editorHints();
  const faultEntry = defs.monkey.properties.monkey.properties.faults.items;
  const overrideKeys = Object.fromEntries(profileOverrideKeys().map((k) => [k, { type: "number" }]));
  const { anyOf: rates, ...rate } = defs.load.properties.rate;
  return {
    ...defs,
    tokens: BOUNDED.tokens,
    node: {
      ...defs.node,
      properties: {
        ...defs.node.properties,
        profile: { ...defs.node.properties.profile, ...hints.profile },
        persona: { ...defs.node.properties.persona, ...hints.persona },
        overrides: { ...defs.node.properties.overrides, additionalProperties: false, properties: overrideKeys },
      },
      allOf: [
        // A simulated node needs a profile; an external one (url) is used as it is, and takes no persona.
        { if: { not: { required: ["url"] } }, then: { required: ["profile"] } },
        { if: { required: ["url"] }, then: { not: { required: ["persona"] } } },
      ],
    },
    attack: {
      ...defs.attack,
      ...TIMING_RULES,
      properties: { ...defs.attack.properties, fault: hints.fault, every: POSITIVE_DURATION, times: BOUNDED.times },
      allOf: hints.perKind(ATTACK_KEYS),
    },
    group: {
      ...defs.group,
      properties: {
        ...defs.group.properties,
        every: POSITIVE_DURATION,
        times: BOUNDED.times,
        // A serial step must end for the next one to start: an attack in it needs a duration.
        serial: {
          ...defs.group.properties.serial,
          items: {
            allOf: [
              defs.group.properties.serial.items,
              {
                if: {
                  type: "object",
                  not: { anyOf: [{ required: ["monkey"] }, { required: ["parallel"] }, { required: ["serial"] }] },
                },
                then: { required: ["duration"] },
              },
            ],
          },
        },
      },
      dependencies: TIMING_RULES.dependencies,
      // Either parallel or serial, and at or after: two rules, so each is reported on its own.
      allOf: [{ not: { required: ["parallel", "serial"] } }, { not: TIMING_RULES.not }],
    },
    load: {
      ...defs.load,
      properties: {
        ...defs.load.properties,
        // A ramp is a mapping, a rate is not: told apart first, so a bad rate is one error.
        rate: { ...rate, if: { type: "object" }, then: rates[1], else: { allOf: [rates[0], NOT_ZERO_RATE] } },
      },
    },
    monkey: {
      ...defs.monkey,
      properties: {
        monkey: {
          ...defs.monkey.properties.monkey,
          properties: {
            ...defs.monkey.properties.monkey.properties,
            every: POSITIVE_DURATION,
            faults: {
              ...defs.monkey.properties.monkey.properties.faults,
              maxItems: SCENARIO_LIMITS.monkeyFaults,
              items: {
                ...faultEntry,
                properties: { ...faultEntry.properties, fault: hints.fault },
                allOf: hints.perKind(MONKEY_FAULT_KEYS),
              },
            },
          },
        },
      },
    },
    item: DISCRIMINATED_ITEM,
  };
}

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
