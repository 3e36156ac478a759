import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario, validateScenarioFile } from "./index.js";

// Each test/invalid/<case>.yaml sits beside <case>.expected: the exact
// problems it must produce, one per line, as `line: path: message`.
const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "invalid");
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

describe("the invalid scenario corpus", () => {
  it("holds at least 30 cases, each with its expected messages", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) expect(readdirSync(dir)).toContain(c.replace(/\.yaml$/, ".expected"));
  });

  for (const c of cases) {
    it(`reports exactly the expected problems for ${c}`, async () => {
      const file = join(dir, c);
      const expected = readFileSync(file.replace(/\.yaml$/, ".expected"), "utf8")
        .trim()
        .split("\n");
      const { problems } = await validateScenarioFile(file);
      expect(problems.map((p) => (p.startsWith(`${file}:`) ? p.slice(file.length + 1) : p))).toEqual(expected);
    });
  }

  it("makes loadScenario throw FAULTLINE_SCENARIO_INVALID with every problem in details", async () => {
    const file = join(dir, "36-every-problem-at-once.yaml");
    const err = (await loadScenario(file).then(
      () => null,
      (e: unknown) => e
    )) as { code: string; message: string; details: string[] };
    expect(err.code).toBe("FAULTLINE_SCENARIO_INVALID");
    expect(err.details.length).toBeGreaterThan(3);
    expect(err.message).toBe(err.details[0]);
  });
});
