import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMPARED_FIGURES } from "./compare/figures.js";
import { AnalyticsErrorCodes } from "./errors.js";
import { FIGURE_DEFINITIONS } from "./report/definitions.js";

const docs = readFileSync(new URL("../../../docs/analytics.md", import.meta.url), "utf8");

describe("docs/analytics.md", () => {
  it("gives every figure's definition word for word as the reports do", () => {
    for (const [key, text] of Object.entries(FIGURE_DEFINITIONS)) expect(docs, key).toContain(`| \`${key}\` | ${text} |`);
  });

  it("lists every error code", () => {
    for (const code of Object.values(AnalyticsErrorCodes)) expect(docs, code).toContain(`\`${code}\``);
  });

  it("names every figure compare can gate on", () => {
    for (const name of Object.keys(COMPARED_FIGURES)) expect(docs, name).toContain(`\`${name}\``);
  });
});
