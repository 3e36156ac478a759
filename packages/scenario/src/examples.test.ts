import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario, SCENARIO_SCHEMA, validateScenarioFile } from "./index.js";

const scenarios = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "scenarios");
const examples = readdirSync(scenarios)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

describe("the example scenarios in scenarios/", () => {
  it("include every example the issue asks for", () => {
    for (const name of [
      "paper",
      "flapping-primary",
      "cascading-failure",
      "rate-limit-storm",
      "stream-faults",
      "three-cloud-chain",
      "monkey",
      "latency-ramp",
    ]) {
      expect(examples).toContain(`${name}.yaml`);
    }
  });

  for (const example of examples) {
    it(`${example} points editors at the shipped schema, validates cleanly and loads at time scale 0.1`, async () => {
      const file = join(scenarios, example);
      expect(readFileSync(file, "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./scenario.schema.json");
      expect((await validateScenarioFile(file)).problems).toEqual([]);
      const full = await loadScenario(file);
      const short = await loadScenario(file, { timeScale: 0.1 });
      expect(full.attacks.length).toBeGreaterThan(0);
      expect(short.durationMs).toBe(Math.round(full.durationMs * 0.1));
      expect(short.attacks.map((a) => a.id)).toEqual(full.attacks.map((a) => a.id));
    });
  }
});

describe("the shipped JSON Schema copy", () => {
  it("matches SCENARIO_SCHEMA (if stale: pnpm -F @faultline/scenario build, then its schema script)", () => {
    const shipped = JSON.parse(readFileSync(join(scenarios, "scenario.schema.json"), "utf8"));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(SCENARIO_SCHEMA)));
  });
});

describe("the paper scenario", () => {
  it("is issue #2's run: latency at 8s for 2s, disable at 10s for 12s, CPU at 35s, 60s, 2 strategies", async () => {
    const s = await loadScenario(join(scenarios, "paper.yaml"));
    expect(s.durationMs).toBe(60_000);
    expect(s.strategies).toEqual(["none", "active-passive"]);
    expect(s.load).toMatchObject({ rate: 100, rateEnd: 100, stream: 0.5, arrival: "poisson" });
    expect(s.attacks.map((a) => [a.atMs, a.durationMs, a.target, a.fault, a.params])).toEqual([
      [8_000, 2_000, "primary", "latency", { ms: 120 }],
      [10_000, 12_000, "primary", "disable", {}],
      [35_000, 8_000, "primary", "cpu", { threads: 1, utilization: 0.9 }],
    ]);
    expect(s.slo.availability).toMatchObject({ op: ">=", text: ">= 99.9%" });
    expect(s.slo.p99).toMatchObject({ op: "<=", value: 1500 });
  });
});

describe("the editor schema", () => {
  it("compiles as draft-07 and accepts every example, as an editor using it would", async () => {
    const { parse } = await import("yaml");
    const { Ajv } = await import("ajv");
    const validate = new Ajv({ allErrors: true, strict: false }).compile(SCENARIO_SCHEMA);
    for (const example of examples) {
      expect([example, validate(parse(readFileSync(join(scenarios, example), "utf8"))), validate.errors]).toEqual([
        example,
        true,
        null,
      ]);
    }
  });

  it("suggests each fault kind and a kind's own parameters once fault: is set", () => {
    const attack = (
      SCENARIO_SCHEMA as {
        $defs: {
          attack: {
            properties: { fault: { enum: string[] } };
            allOf: Array<{ if: unknown; then: { properties: object } }>;
          };
        };
      }
    ).$defs.attack;
    expect(attack.properties.fault.enum).toContain("latency");
    const latency = attack.allOf.find((c) => JSON.stringify(c.if).includes('"latency"'))!;
    expect(Object.keys(latency.then.properties)).toContain("ms");
  });
});
