import { readFileSync } from "node:fs";
import { codeWords, tableAfter } from "@faultline/contracts";
import { describe, expect, it } from "vitest";
import { COMPARED_FIGURES } from "./compare/figures.js";
import { AnalyticsErrorCodes } from "./errors.js";
import { FIGURE_DEFINITIONS } from "./report/definitions.js";

const docs = readFileSync(new URL("../../../docs/analytics.md", import.meta.url), "utf8");

// The figure tables themselves are checked both ways by packages/contracts/src/docs-sync.test.ts.
describe("docs/analytics.md", () => {
  it("gives every figure's definition word for word as the reports do", () => {
    for (const [key, text] of Object.entries(FIGURE_DEFINITIONS))
      expect(docs, key).toContain(`| \`${key}\` | ${text} |`);
  });

  it("lists exactly the error codes", () => {
    expect(
      tableAfter(docs, "## Errors")
        .flatMap((r) => codeWords(r[0]!))
        .sort()
    ).toEqual(Object.values(AnalyticsErrorCodes).sort());
  });

  it("names every figure compare can gate on", () => {
    for (const name of Object.keys(COMPARED_FIGURES)) expect(docs, name).toContain(`\`${name}\``);
  });
});
