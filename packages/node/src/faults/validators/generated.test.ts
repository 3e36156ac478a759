import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { compileFaultValidators, FAULT_AJV_OPTIONS } from "./compile-fault-validators.js";
import { generatedFaultValidatorsCode } from "./standalone.js";

/** What `pnpm build` wrote (scripts/write-validators.mjs), which a node process loads instead of compiling. */
const built = new URL("../../../dist/faults/validators/generated.js", import.meta.url);

const samples: Array<[string, unknown]> = [
  ["latency", { kind: "latency", ms: 120, probability: 0.5, durationMs: 1000 }],
  ["latency", { kind: "latency", ms: "slow" }],
  ["latency", { kind: "latency", ms: 120, extra: true }],
  ["disable", { kind: "disable" }],
  ["errors", { kind: "errors", match: { stream: "yes" } }],
];

describe("the fault validators the build generates", () => {
  it("are the code the fault table's schemas compile to today (a schema changed: rebuild)", () => {
    expect(readFileSync(built, "utf8")).toBe(generatedFaultValidatorsCode());
  });

  it("pass and fail what the compiled schemas pass and fail, with the same first error", async () => {
    const generated = (await import(built.href)) as Record<string, ValidateFunction>;
    const compiled = compileFaultValidators(new Ajv(FAULT_AJV_OPTIONS));
    const verdicts = samples.map(([kind, body]) => {
      const ours = generated[`fault_${kind}`]!;
      const theirs = compiled.get(kind)!;
      return { kind, ours: [ours(body), ours.errors ?? null], theirs: [theirs(body), theirs.errors ?? null] };
    });
    for (const v of verdicts) expect({ kind: v.kind, verdict: v.ours }).toEqual({ kind: v.kind, verdict: v.theirs });
    // The samples cover both verdicts, so the comparison is not of two always-true validators.
    expect(new Set(verdicts.map((v) => v.ours[0]))).toEqual(new Set([true, false]));
  });
});
