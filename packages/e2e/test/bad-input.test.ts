import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const dir = mkdtempSync(join(tmpdir(), "fl-bad-"));
function scenarioFile(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const base = `name: bad
duration: 10s
nodes:
  primary: { profile: zero }
  backup: { profile: zero }
client: { strategy: active-passive, order: [primary, backup] }
load: { rate: 10/s }
`;

/** Bad input gets one clear message naming the field, exit status 2, and never a stack trace. */
describe("faultline run and validate on bad input", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["a misspelt key", base + "atacks: []\n", /atacks.*did you mean "attacks"/],
    [
      "an attack aimed at a node that does not exist",
      base + "attacks:\n  - { at: 1s, target: tertiary, fault: disable, duration: 1s }\n",
      /attacks\[0\]\.target.*tertiary/,
    ],
    [
      "a malformed duration",
      base + "attacks:\n  - { at: 8 seconds, target: primary, fault: disable, duration: 1s }\n",
      /attacks\[0\]\.at: "8 seconds" is not a duration \(use 8s, 250ms, 1m\)/,
    ],
    [
      "an unknown fault",
      base + "attacks:\n  - { at: 1s, target: primary, fault: explode, duration: 1s }\n",
      /attacks\[0\]\.fault.*explode/,
    ],
    // Issue 24: these two once ran out of memory (exit 134) and threw an internal error (exit 3).
    [
      "a repeat of a hundred million attacks",
      base + "attacks:\n  - { at: 0s, target: primary, fault: disable, duration: 1ms, every: 2ms, times: 100000000 }\n",
      /:9: attacks\[0\]\.times: repeats 1 attack\(s\) 100000000 times/,
    ],
    [
      "a YAML alias bomb",
      base +
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: " +
          "[*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"),
      /:9: \(syntax\): Excessive alias count/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`rejects ${what} with exit status 2 and a line naming the field`, async () => {
      const file = scenarioFile(`${what.replace(/\W+/g, "-")}.yaml`, text);
      for (const cmd of ["run", "validate"]) {
        const r = await runCli([cmd, file, "--results", dir].slice(0, cmd === "run" ? 4 : 2));
        expect(r.code, `${cmd}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    });
  }

  it("rejects a missing scenario file with exit status 2", async () => {
    const r = await runCli(["run", join(dir, "nope.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.yaml/);
  });

  it("rejects a malformed flag naming the flag and the fix", async () => {
    const r = await runCli(["run", scenarioFile("ok.yaml", base), "--time-scale", "fast"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--time-scale: "fast" is not valid \(use a number from 0.001 to 100\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects a drain without its unit, or past ten minutes, naming the flag and the fix", async () => {
    for (const value of ["2", "2h", "-1s"]) {
      const r = await runCli(["run", scenarioFile("ok.yaml", base), "--drain", value]);
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain(
        `--drain: "${value}" is not valid (use a duration with its unit, from 0s to 10m: 2s, 500ms)`
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("rejects an unknown command with exit status 2", async () => {
    const r = await runCli(["explode"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});
