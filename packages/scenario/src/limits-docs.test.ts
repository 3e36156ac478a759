import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCENARIO_LIMITS } from "./limits.js";

const docs = readFileSync(new URL("../../../docs/LIMITS.md", import.meta.url), "utf8");
const section = docs.slice(docs.indexOf("## Scenario and run limits"));

describe("docs/LIMITS.md", () => {
  it("has a row for every scenario limit, with its value", () => {
    for (const [key, value] of Object.entries(SCENARIO_LIMITS)) {
      const row = section.split("\n").find((l) => l.startsWith(`| \`${key}\` |`));
      expect(row, key).toBeDefined();
      expect(row!.split("|")[3]!.trim(), key).toMatch(new RegExp(`^${value}\\b`));
    }
  });

  it("lists no limit the code does not have", () => {
    const rows = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(SCENARIO_LIMITS).sort());
  });
});
