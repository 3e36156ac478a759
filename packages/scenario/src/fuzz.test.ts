import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { CoreErrorCodes, isFaultlineError } from "@faultline/core";
import { loadScenario, ScenarioErrorCodes, validateScenarioFile } from "./index.js";

// Issue 24 §4: random YAML and JSON shapes must give exit 2 or 0: a list of `file:line: path:
// message` problems, or a scenario; never a crash, a stack trace or unbounded work. The runs are
// seeded so a failure replays; `pnpm test` keeps them short, and bench/scenario-fuzz.mjs runs
// this file with FAULTLINE_FUZZ_RUNS raised (and FAULTLINE_FUZZ_SEED to explore other seeds).
const runs = Number(process.env["FAULTLINE_FUZZ_RUNS"] ?? 100);
const seed = Number(process.env["FAULTLINE_FUZZ_SEED"] ?? 24);
const dir = mkdtempSync(join(tmpdir(), "faultline-fuzz-"));
const examples = join(import.meta.dirname, "..", "..", "..", "scenarios");
const exampleTexts = readdirSync(examples)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => readFileSync(join(examples, f), "utf8"));

/** Input errors, which the CLI maps to exit 2; anything else would be exit 3 or a crash. */
const INPUT_CODES = new Set<string>([...Object.values(ScenarioErrorCodes), ...Object.values(CoreErrorCodes)]);

// Values a scenario field might hold, plausible and not: durations, rates, huge and negative
// numbers, wrong types.
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "10s",
    "250ms",
    "1m",
    "700h",
    "87600h",
    "0s",
    "1ms",
    "100/s",
    "1e9/s",
    "600/m",
    "random(1)",
    "random(99)",
    ">= 99%",
    "<= 10ms",
    "primary",
    "backup",
    "",
    "~",
    "null"
  ),
  fc.constantFrom(0, -1, 1, 1e9, 1e300, 0.5, 100_000_000, Number.MAX_SAFE_INTEGER),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 })
);
const faultName = fc.constantFrom(
  "disable",
  "latency",
  "errors",
  "crash",
  "slow-tokens",
  "rate-limit",
  "stream-cut",
  "explode"
);
const attack = fc.record(
  {
    at: value,
    after: value,
    every: value,
    times: value,
    duration: value,
    id: fc.constantFrom("a", "b", "c"),
    target: fc.oneof(
      fc.constantFrom("primary", "backup", "random(1)", "random(5)"),
      fc.record({ cloud: fc.constantFrom("aws", "gcp") })
    ),
    fault: faultName,
    ms: value,
    status: value,
    rate: value,
    factor: value,
    ramp: fc.record(
      { param: fc.constantFrom("ms", "rate", "nope"), from: value, to: value, step: value },
      { requiredKeys: [] }
    ),
  },
  { requiredKeys: [] }
);
const item: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  item: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    attack,
    fc.record(
      { parallel: fc.array(tie("item"), { maxLength: 3 }), times: value, every: value },
      { requiredKeys: ["parallel"] }
    ),
    fc.record({ serial: fc.array(tie("item"), { maxLength: 3 }), at: value }, { requiredKeys: ["serial"] }),
    fc.record({
      monkey: fc.record(
        {
          every: value,
          from: value,
          until: value,
          faults: fc.array(fc.record({ fault: faultName, duration: value, weight: value }, { requiredKeys: [] }), {
            maxLength: 3,
          }),
        },
        { requiredKeys: [] }
      ),
    })
  ),
})).item;
const scenario = fc.record(
  {
    name: fc.oneof(fc.constant("fuzz"), value),
    duration: value,
    seed: value,
    nodes: fc.oneof(
      fc.constant({ primary: { profile: "zero" }, backup: { profile: "zero", cloud: "gcp" } }),
      fc.dictionary(
        fc.string({ maxLength: 6 }),
        fc.record({ profile: value, url: value, cloud: value }, { requiredKeys: [] }),
        { maxKeys: 3 }
      )
    ),
    client: fc.record({ strategy: value, order: fc.array(value, { maxLength: 3 }) }, { requiredKeys: [] }),
    strategies: fc.array(fc.constantFrom("none", "active-passive", "hedged", "bogus"), { maxLength: 3 }),
    load: fc.record(
      {
        rate: fc.oneof(value, fc.record({ from: value, to: value })),
        stream: value,
        timeout: value,
        promptTokens: value,
        classes: fc.array(fc.record({ name: value, weight: value }), { maxLength: 2 }),
      },
      { requiredKeys: [] }
    ),
    attacks: fc.oneof(fc.array(item, { maxLength: 4 }), value),
    slo: fc.dictionary(fc.constantFrom("availability", "p99", "mttr", "bogus"), value, { maxKeys: 3 }),
    stop: fc.array(fc.record({ errorRate: value, for: value }, { requiredKeys: [] }), { maxLength: 2 }),
  },
  { requiredKeys: [] }
);

/**
 * An example scenario with a few characters inserted, deleted or replaced: YAML syntax errors, broken anchors, odd
 * indentation.
 */
const mutatedExample = fc
  .tuple(
    fc.constantFrom(...exampleTexts),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat(3),
        fc.constantFrom(":", "-", " ", "\n", "[", "{", "&a", "*a", "<<: *a", "'", '"', "#", "!!", "\t", "%", "?")
      ),
      { minLength: 1, maxLength: 6 }
    )
  )
  .map(([text, edits]) =>
    edits.reduce((t, [at, cut, insert]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + cut);
    }, text)
  );

/** Any text: JSON and YAML renderings of any JSON value, random strings, and the shapes above. */
const text = fc.oneof(
  scenario.map((s) => stringify(s, { aliasDuplicateObjects: false })),
  scenario.map((s) => JSON.stringify(s)),
  mutatedExample,
  fc.jsonValue().map((v) => JSON.stringify(v) ?? "null"),
  fc.jsonValue().map((v) => stringify(v)),
  fc.string({ unit: "binary", maxLength: 200 })
);

let n = 0;
/** Loads `content` as a scenario file and checks the CLI would exit 0 or 2 with no stack trace. */
async function checkLoader(content: string, ext: ".yaml" | ".json"): Promise<void> {
  const file = join(dir, `case-${n++}${ext}`);
  writeFileSync(file, content);
  const started = performance.now();
  const { problems } = await validateScenarioFile(file);
  // Loose on purpose (two shared cores): the cases found so far took minutes, or never ended.
  expect(performance.now() - started, `validate of ${file} took too long`).toBeLessThan(2_000);
  for (const p of problems) {
    expect(p.startsWith(`${file}:`) || p.startsWith(`${file}: `), p).toBe(true);
    expect(p).not.toMatch(/\n\s+at |TypeError|RangeError|ReferenceError|undefined \(reading/);
  }
  try {
    await loadScenario(file);
    expect(problems, "validate and load disagree").toEqual([]);
  } catch (err) {
    expect(isFaultlineError(err) && INPUT_CODES.has(err.code), `not an input error: ${(err as Error)?.stack}`).toBe(
      true
    );
    expect(problems.length, `validate passed what load refused: ${(err as Error).message}`).toBeGreaterThan(0);
  }
}

describe("the scenario loader under random input", () => {
  it(`answers each of ${runs} YAML files with problems or a scenario, never a crash (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(text, (t) => checkLoader(t, ".yaml")),
      { seed, numRuns: runs }
    );
  });

  it(`does the same for ${runs} random JSON documents (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          scenario.map((s) => JSON.stringify(s)),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? "null")
        ),
        (t) => checkLoader(t, ".json")
      ),
      { seed: seed + 1, numRuns: runs }
    );
  });
});
