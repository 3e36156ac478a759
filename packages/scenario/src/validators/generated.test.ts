import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileScenarioValidators, SCENARIO_AJV_OPTIONS } from "./compile-validators.js";
import { generatedValidatorsCode } from "./standalone.js";

/** What `pnpm build` wrote (scripts/write-validators.mjs), which the CLI loads instead of compiling. */
const built = new URL("../../dist/validators/generated.js", import.meta.url);

const paper = parse(readFileSync(new URL("../../../../scenarios/paper.yaml", import.meta.url), "utf8")) as object;
/** Export names of the generated module, a sample of each. */
type Checked = "shape" | "attack" | "group" | "monkey" | "system" | "fault_latency";
const samples: Array<[Checked, unknown]> = [
  ["shape", paper],
  ["shape", { ...paper, duraton: "4s", nodes: { a: { profile: 7 } } }],
  ["shape", { name: "", seed: -1 }],
  ["attack", { at: "1s", target: "primary", fault: "disable", duration: "1s" }],
  ["attack", { at: 1, target: ["x"], fault: "latency", ms: "slow" }],
  ["group", { parallel: "no" }],
  ["monkey", { monkey: { every: "bad" } }],
  ["system", { name: "portkey", kind: "gateway", bogus: 1 }],
  ["fault_latency", { ms: 120, probability: 0.5 }],
  ["fault_latency", { ms: "x", probability: 2 }],
];

describe("the scenario validators the build generates", () => {
  it("are the code the scenario's schemas compile to today (a schema changed: rebuild)", () => {
    expect(readFileSync(built, "utf8")).toBe(generatedValidatorsCode());
  });

  it("pass and fail what the compiled schemas pass and fail, with the same errors", async () => {
    const generated = (await import(built.href)) as Record<string, ValidateFunction>;
    const compiled = compileScenarioValidators(new Ajv(SCENARIO_AJV_OPTIONS));
    const compiledOf = (name: string) =>
      name.startsWith("fault_") ? compiled.faultParams["latency"]! : compiled[name as "shape"];
    const verdicts = samples.map(([name, data]) => {
      const ours = generated[name]!;
      const theirs = compiledOf(name);
      return [name, ours(data), theirs(data), ours.errors ?? null, theirs.errors ?? null];
    });
    for (const [name, ours, theirs, ourErrors, theirErrors] of verdicts) {
      expect({ name, valid: ours, errors: ourErrors }).toEqual({ name, valid: theirs, errors: theirErrors });
    }
    // The samples cover both verdicts, so the comparison is not of two always-true validators.
    expect(new Set(verdicts.map((v) => v[1]))).toEqual(new Set([true, false]));
  });
});
