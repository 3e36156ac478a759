import { faultKinds, personaNames, profileNames, profileOverrideKeys } from "@faultline/node/tables";
import { ATTACK_KEYS, commonFaultParams, MONKEY_FAULT_KEYS } from "./fault-params-schema.js";
import { SCENARIO_LIMITS } from "./limits.js";

// The editor form of the scenario schema (scenarios/scenario.schema.json): what buildScenarioSchema
// adds for editors on top of the shapes the validator checks. The validator leaves these out and
// says the same things itself, with did-you-mean.

/** A schema every value passes: names a key the base schema already checks, so `additionalProperties` allows it. */
const known = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, {}]));

/** A duration above zero: a pass, or a repeat's period, of 0 s is refused (check-limits.ts says why). */
export const POSITIVE_DURATION = {
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
export function withEditorHints(defs: Record<string, any>): Record<string, unknown> {
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
