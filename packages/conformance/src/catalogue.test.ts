import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario } from "@faultline/scenario";
import { describe, expect, it } from "vitest";
import { CASE_GROUPS } from "./case.js";
import { caseScenario } from "./case-scenario.js";
import { CATALOGUE } from "./catalogue/index.js";
import { resolveSystem } from "./system-under-test.js";

const root = join(import.meta.dirname, "..", "..", "..");
const docs = readFileSync(join(root, "docs", "conformance.md"), "utf8");
const sections = new Map(
  docs
    .split(/\n(?=### )/)
    .filter((s) => s.startsWith("### "))
    .map((s) => [s.slice(4, s.indexOf("\n")).trim(), s])
);

describe("the conformance catalogue", () => {
  it("has unique case ids, in group order", () => {
    expect(new Set(CATALOGUE.map((c) => c.id)).size).toBe(CATALOGUE.length);
    const order = CATALOGUE.map((c) => CASE_GROUPS.indexOf(c.group));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("covers every case issue 15 lists, in each of its five groups", () => {
    for (const g of CASE_GROUPS)
      expect(
        CATALOGUE.some((c) => c.group === g),
        g
      ).toBe(true);
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(24);
  });

  it("has a docs/conformance.md section for each case, with its property word for word and its verdict rules", () => {
    for (const c of CATALOGUE) {
      const s = sections.get(c.id);
      expect(s, `docs/conformance.md has no "### ${c.id}"`).toBeDefined();
      expect(s, c.id).toContain(`- Property: ${c.property}`);
      expect(s, c.id).toMatch(/- Verdicts: /);
    }
  });

  it("has a case for each section of docs/conformance.md", () => {
    const ids = CATALOGUE.map((c) => c.id);
    for (const id of sections.keys()) expect(ids, `docs/conformance.md has "### ${id}" but no such case`).toContain(id);
  });

  it("writes scenarios that validate, for a strategy and for a system file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fl-conformance-"));
    const systems = [
      resolveSystem("active-passive"),
      resolveSystem(join(root, "examples", "systems", "faultline-gateway.yaml")),
    ];
    for (const system of systems)
      for (const c of CATALOGUE) {
        const file = join(dir, `${c.id}.yaml`);
        writeFileSync(file, JSON.stringify(caseScenario(c, system)));
        const s = await loadScenario(file);
        expect(
          s.nodes.map((n) => n.name),
          c.id
        ).toEqual(["primary", "backup"]);
        expect(
          s.attacks.every((a) => a.atMs + (a.durationMs ?? 0) <= s.durationMs),
          c.id
        ).toBe(true);
      }
  });
});
