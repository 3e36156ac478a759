import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject } from "ajv";
import { CLIENT_OPTIONS_SCHEMA, DEFAULT_OPTIONS } from "@faultline/contracts";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { SCENARIO_DEFAULTS, SCENARIO_SCHEMA } from "./index.js";

// The editor's view of a scenario: scenarios/scenario.schema.json (SCENARIO_SCHEMA) under a real
// JSON Schema validator, against the invalid corpus the CLI's messages are tested on.
const corpus = fileURLToPath(new URL("../test/invalid/", import.meta.url));
const validate = new Ajv({ allErrors: true, strict: false }).compile(SCENARIO_SCHEMA);
/** Errors that only say a branch failed; the error inside it is the one an editor underlines. */
const WRAPPERS = new Set(["if", "anyOf", "allOf", "oneOf"]);
const leafErrors = (doc: unknown): ErrorObject[] =>
  validate(doc) ? [] : validate.errors!.filter((e) => !WRAPPERS.has(e.keyword));

/**
 * What the CLI finds and JSON Schema cannot say, file by file, with why: the gap between the editor
 * and `faultline validate`. Exact both ways: a file here that the schema starts to flag, or a file
 * the schema stops flagging, fails the test.
 */
const GAP: Readonly<Record<string, string>> = {
  "07-unknown-target.yaml": "a target must name a node declared under nodes: (a cross-reference)",
  "14-after-unknown-id.yaml": "after: must name an attack id declared elsewhere",
  "16-after-cycle.yaml": "after: chains must not loop (a graph check)",
  "17-duplicate-id.yaml": "ids must be unique across the whole timeline",
  "22-client-order-unknown-node.yaml": "client.order must name declared nodes",
  "27-random-too-many.yaml": "random(N) must not exceed the number of nodes",
  "28-cloud-matches-nothing.yaml": "a { cloud: } target must match a declared node",
  "48-monkey-unknown-target.yaml": "a monkey target must name a declared node",
  "54-verdict-strategy-not-played.yaml": "client.strategy must be one of the systems played",
  "58-system-unknown-node.yaml": "a system's placeholder must name a declared node",
  "84-residency-no-node.yaml": "a class's residency must match some node's jurisdiction",
  "12-ends-after-run.yaml": "an attack's end is at + duration, compared with the run's duration (arithmetic)",
  "15-after-no-duration.yaml": "after: needs the attack it follows to have a duration (a cross-reference)",
  "19-repeat-past-run.yaml": "at + times x every against the run's duration (arithmetic)",
  "53-monkey-too-many-draws.yaml": "(until - from) / every draws against a bound (arithmetic)",
  "58-every-ten-years.yaml": "the expanded timeline's size against a bound (arithmetic)",
  "59-ramp-too-many-steps.yaml": "duration / step against a bound (arithmetic)",
  "62-run-past-timer-limit.yaml": "the run's total length across passes against a bound (arithmetic)",
  "66-nested-repeats.yaml": "repeats multiplied through nested groups (arithmetic)",
  "71-targets-past-attack-bound.yaml": "attacks times their targets' node count (arithmetic)",
  "72-after-chain-too-deep.yaml": "the depth of after: chains (a graph check)",
  "41-token-range-reversed.yaml": "min <= max compares two values of one document",
  "60-rate-too-high.yaml": "a rate written as text (30000/s) cannot be compared with a number bound",
  "61-rate-ramp-too-high.yaml": "the same, for a ramp's rates",
  "57-system-without-command.yaml": "a system file's keys are read from another file",
  "59-system-unknown-placeholder.yaml": "placeholders inside strings ({{...}}) are parsed by the loader",
};

const files = readdirSync(corpus)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const documents = files.flatMap((f) => {
  try {
    return [{ file: f, doc: parse(readFileSync(join(corpus, f), "utf8")) as unknown }];
  } catch {
    return []; // a YAML syntax error or an alias bomb: the editor's YAML parser reports those, not the schema
  }
});

describe("the editor schema against the CLI's invalid corpus", () => {
  it("flags every file the CLI refuses, except the documented gap, which it lets through", () => {
    const unflagged = documents.filter(({ doc }) => validate(doc)).map(({ file }) => file);
    expect(unflagged.sort()).toEqual(Object.keys(GAP).sort());
    // 85 documents at the time of writing: 59 flagged, 26 beyond what JSON Schema can say.
    expect(documents.length - unflagged.length).toBeGreaterThanOrEqual(59);
  });

  it("reports one bad attack once: the discriminated item does not also try it as a monkey and a group", () => {
    for (const file of ["06-unknown-fault.yaml", "01-duration-malformed.yaml", "09-param-out-of-range.yaml"]) {
      const errors = leafErrors(documents.find((d) => d.file === file)!.doc);
      expect([file, errors.map((e) => `${e.instancePath} ${e.message}`)]).toEqual([file, [expect.any(String)]]);
    }
  });

  it("flags a misspelt fault kind, profile and persona where they are written", () => {
    const paths = (file: string) => leafErrors(documents.find((d) => d.file === file)!.doc).map((e) => e.instancePath);
    expect(paths("06-unknown-fault.yaml")).toEqual(["/attacks/0/fault"]);
    expect(paths("08-unknown-profile.yaml")).toEqual(["/nodes/primary/profile"]);
    expect(paths("84-node-persona.yaml")).toContain("/nodes/primary/persona");
  });
});

describe("what an editor shows for a key", () => {
  const schema = SCENARIO_SCHEMA as {
    properties: Record<string, { description?: string; default?: unknown; examples?: unknown[] }>;
    $defs: Record<string, { properties: Record<string, { description?: string; default?: unknown }> }>;
  };

  it("describes every top-level key, node field and load field, with the loader's defaults", () => {
    const undescribed = [
      ...Object.entries(schema.properties).map(([k, v]) => [k, v] as const),
      ...Object.entries(schema.$defs.node!.properties).map(([k, v]) => [`nodes.*.${k}`, v] as const),
      ...Object.entries(schema.$defs.load!.properties).map(([k, v]) => [`load.${k}`, v] as const),
    ]
      .filter(([k, v]) => k !== "$schema" && !v.description)
      .map(([k]) => k);
    expect(undescribed).toEqual([]);
    expect(schema.properties.seed!.default).toBe(SCENARIO_DEFAULTS.seed);
    expect(schema.$defs.node!.properties.tier!.default).toBe(SCENARIO_DEFAULTS.node.tier);
    expect(schema.$defs.load!.properties.stream!.default).toBe(SCENARIO_DEFAULTS.load.stream);
    expect(schema.$defs.load!.properties.maxTokens!.default).toEqual(SCENARIO_DEFAULTS.load.maxTokens);
  });

  it("gives client.options the contracts' schema: every option with its meaning and the client's default", () => {
    const options = schema.$defs.clientOptions!.properties;
    expect(Object.keys(options).sort()).toEqual(Object.keys(CLIENT_OPTIONS_SCHEMA.properties).sort());
    for (const [key, value] of Object.entries(DEFAULT_OPTIONS)) {
      expect([key, options[key]!.default]).toEqual([key, value]);
      expect(options[key]!.description).toMatch(/^[A-Z].+\.$/);
    }
  });

  it("still accepts what the loader accepts: the examples' own shapes pass", () => {
    expect(leafErrors({ name: "x", duration: "10s", nodes: { a: { profile: "zero" } } })).toEqual([]);
    const ramped = { at: "1s", target: "a", fault: "latency", duration: "5s", ramp: { param: "ms", from: 0, to: 100 } };
    expect(leafErrors({ name: "x", duration: "10s", nodes: { a: { profile: "zero" } }, attacks: [ramped] })).toEqual(
      []
    );
  });
});
