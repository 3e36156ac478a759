import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, SCENARIO_LIMITS, validateScenarioFile } from "./index.js";

// The small cases live in test/invalid (one file per bound); these need files too big to commit.
const dir = mkdtempSync(join(tmpdir(), "faultline-limits-"));
const head = "name: big\nduration: 10h\nnodes: { a: { profile: zero }, b: { profile: zero } }\n";
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const attackLines = (n: number) =>
  Array.from({ length: n }, (_, i) => `  - {at: ${i}, target: a, fault: disable}\n`).join("");

/** Validates `file` and returns its problems with the time it took. */
async function timed(file: string): Promise<{ problems: string[]; ms: number }> {
  const start = performance.now();
  const { problems } = await validateScenarioFile(file);
  return { problems, ms: performance.now() - start };
}

// Wall-clock bounds are loose (the suite shares two cores); the point is seconds, not the minute
// and 4.6 GB these inputs took before.
describe("scenario limits", () => {
  it("refuses a 50 MB file of attacks before reading it, naming the size and the limit", async () => {
    const line = "  - { at: 1ms, target: a, fault: latency, ms: 100, duration: 1ms }\n";
    const file = write("50mb.yaml", head + "attacks:\n" + line.repeat(Math.ceil((50 * 1048576) / line.length)));
    const { problems, ms } = await timed(file);
    expect(problems).toEqual([
      `${file}:1: (file): the file is 51201 KiB, more than the 256 KiB a scenario may be ` +
        `(docs/LIMITS.md); use times:/every: or a monkey block instead of writing each attack out`,
    ]);
    expect(ms).toBeLessThan(2_000);
  });

  it("refuses more attack items than the bound without checking each one", async () => {
    const file = write("items.yaml", head + "attacks:\n" + attackLines(SCENARIO_LIMITS.attackItems + 1));
    const { problems, ms } = await timed(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/:5: attacks: holds more than 5000 attack items/);
    expect(ms).toBeLessThan(10_000);
  });

  it("accepts a timeline right at the item bound", async () => {
    const file = write("at-bound.yaml", head + "attacks:\n" + attackLines(SCENARIO_LIMITS.attackItems));
    expect((await timed(file)).problems).toEqual([]);
  });

  it("checks a map of unknown keys as large as a file may be in seconds, printing the first problems", async () => {
    const keys = Array.from({ length: 22_000 }, (_, i) => `  k${i}: 1\n`).join("");
    const file = write("keys.yaml", head + "load:\n" + keys);
    const { problems, ms } = await timed(file);
    expect(problems).toHaveLength(SCENARIO_LIMITS.problemsShown + 1);
    expect(problems.at(-1)).toMatch(/\.\.\. and \d+ more problem\(s\) not shown/);
    expect(ms).toBeLessThan(10_000);
  });

  it("refuses flow collections nested past the bound with the line, before parsing them", async () => {
    const file = write("deep.yaml", head + "x: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");
    const { problems, ms } = await timed(file);
    expect(problems).toEqual([`${file}:4: (file): [ ] and { } nest more than 64 deep here (docs/LIMITS.md)`]);
    expect(ms).toBeLessThan(2_000);
  });

  it("refuses more nodes than the bound", async () => {
    const nodes = Array.from({ length: SCENARIO_LIMITS.nodes + 1 }, (_, i) => `  n${i}: { profile: zero }\n`).join("");
    const { problems } = await timed(write("nodes.yaml", "name: n\nduration: 1s\nnodes:\n" + nodes));
    expect(problems).toEqual([
      expect.stringMatching(/:4: nodes: holds 101 nodes, more than the 100 a scenario may have/),
    ]);
  });

  it("refuses a --time-scale that stretches the run past what a timer can wait", async () => {
    const file = write("long.yaml", "name: l\nduration: 500h\nnodes: { a: { profile: zero } }\n");
    await expect(loadScenario(file, { timeScale: 2 })).rejects.toMatchObject({
      code: "FAULTLINE_SCENARIO_OPTION_INVALID",
      field: "timeScale",
    });
    await expect(loadScenario(file)).resolves.toMatchObject({ durationMs: 500 * 3_600_000 });
  });
});
