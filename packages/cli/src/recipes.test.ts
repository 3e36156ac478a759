import { readdirSync, readFileSync } from "node:fs";
import { faultKinds } from "@faultline/node";
import { SUMMARY_FIGURES, DEFINITIONS, codeWords, tableAfter } from "@faultline/contracts";
import { SCENARIO_SCHEMA } from "@faultline/scenario";
import { describe, expect, it } from "vitest";

// One test per recipe of CONTRIBUTING.md: each checks, both ways, that every step of the recipe
// was taken for every item of its table, so a step missed fails here with the item's name.
const root = new URL("../../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const list = (dir: string) =>
  readdirSync(new URL(dir, root)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe("CONTRIBUTING.md recipe: a fault kind", () => {
  const kinds = faultKinds().map((k) => k.kind);
  it("has one file in packages/node/src/faults/kinds/ per registered kind, and every file is registered", () => {
    expect(sorted(list("packages/node/src/faults/kinds/").map((f) => f.replace(/\.ts$/, "")))).toEqual(sorted(kinds));
  });
  it("has a row in docs/node.md's fault catalogue per kind, and no row for a kind that is gone", () => {
    expect(sorted(tableAfter(read("docs/node.md"), "### Fault catalogue").map((r) => codeWords(r[0]!)[0]!))).toEqual(
      sorted(kinds)
    );
  });
  it("is offered to editors by scenarios/scenario.schema.json (regenerated)", () => {
    const shipped = read("scenarios/scenario.schema.json");
    for (const k of kinds) expect(shipped, k).toContain(`"${k}"`);
  });
});

describe("CONTRIBUTING.md recipe: a failover policy", () => {
  const policies = sorted(
    list("packages/client/src/policies/").flatMap((f) =>
      [...read(`packages/client/src/policies/${f}`).matchAll(/^export function (\w+)Policy\(/gm)].map((m) => m[1]!)
    )
  );
  it("is composed into the client's stack", () => {
    const composed = /compose\(\s*\[([^\]]+)\]/.exec(read("packages/client/src/client.ts"))?.[1] ?? "";
    expect(sorted([...composed.matchAll(/(\w+)Policy\(/g)].map((m) => m[1]!))).toEqual(policies);
  });
  it("is named in docs/client.md's request path, in no other order than the stack's", () => {
    const path = /^[a-zA-Z]+ → .* → send .*$/m.exec(read("docs/client.md"))?.[0] ?? "";
    expect(
      sorted(
        path
          .split(" → ")
          .map((w) => w.split(" ")[0]!)
          .filter((w) => w !== "send")
      )
    ).toEqual(policies);
  });
});

describe("CONTRIBUTING.md recipe: a chart", () => {
  it("has a row in docs/analytics.md's chart table per chart planned, and no row for a chart that is gone", () => {
    const planned = [...read("packages/analytics/src/charts/chart-set.ts").matchAll(/name: "([a-z-]+)"/g)].map(
      (m) => m[1]!
    );
    const rows = tableAfter(
      read("docs/analytics.md"),
      "Charts (one theme: DejaVu Sans, the same colour for a node in every chart, attack windows " +
        "shaded red and labelled):"
    )
      .map((r) => codeWords(r[0]!)[0]!)
      .filter((n) => !n.startsWith("incident-"));
    expect(sorted(rows)).toEqual(sorted(planned));
  });
});

describe("CONTRIBUTING.md recipe: a summary figure", () => {
  it("is an instance of a definition, and every definition is shown", () => {
    for (const [key, f] of Object.entries(SUMMARY_FIGURES)) expect(Object.keys(DEFINITIONS), key).toContain(f.defines);
  });
  it("is read by the analytics (figure-readers.ts) and listed in docs/analytics.md", () => {
    const readers = read("packages/analytics/src/figure-readers.ts");
    const docs = read("docs/analytics.md");
    for (const key of Object.keys(SUMMARY_FIGURES)) {
      expect(readers, key).toMatch(new RegExp(`^  ${key}: `, "m"));
      expect(docs, key).toContain(`| \`${key}\` |`);
    }
  });
});

describe("CONTRIBUTING.md recipe: a scenario field", () => {
  const schema = SCENARIO_SCHEMA as unknown as { properties: object; $defs: Record<string, { properties: object }> };
  const scenarios = read("docs/scenarios.md");
  const keysIn = (heading: string) => sorted(tableAfter(scenarios, heading).flatMap((r) => codeWords(r[0]!)));
  it.each([
    ["## Top-level keys", Object.keys(schema.properties).filter((k) => k !== "$schema")],
    ["### nodes", Object.keys(schema.$defs["node"]!.properties)],
    ["### load", Object.keys(schema.$defs["load"]!.properties)],
  ])("has a row under %s in docs/scenarios.md per schema key, and no row for a key that is gone", (heading, keys) => {
    expect(keysIn(heading)).toEqual(sorted(keys));
  });
  it("is in scenarios/scenario.schema.json (regenerated)", () => {
    expect(JSON.parse(read("scenarios/scenario.schema.json"))).toEqual(JSON.parse(JSON.stringify(SCENARIO_SCHEMA)));
  });
  it("has an invalid-corpus case for each node field that takes a value of its own", () => {
    const corpus = readdirSync(new URL("packages/scenario/test/invalid/", root))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => read(`packages/scenario/test/invalid/${f}`))
      .join("\n");
    for (const key of Object.keys(schema.$defs["node"]!.properties))
      expect(corpus, `nodes.*.${key}`).toMatch(new RegExp(`\\b${key}:`));
  });
});
