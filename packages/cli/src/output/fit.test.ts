import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { fitLine, fitTable } from "./fit.js";

const rows = [
  ["strategy", "availability", "MTTR", "failover"],
  ["none", "63.23%", "13.4s", "n/a"],
  ["active-passive", "99.41%", "3.8s", "203ms"],
];

describe("fitTable", () => {
  it("lays the table out side by side when it fits", () => {
    expect(fitTable(rows, 80).split("\n")).toEqual([
      "strategy        availability  MTTR   failover",
      "none            63.23%        13.4s  n/a",
      "active-passive  99.41%        3.8s   203ms",
    ]);
  });

  it("falls back to one block per row, header: value, when the terminal is narrower than the table", () => {
    const out = fitTable(rows, 30);
    expect(out).toBe(
      [
        "none",
        "  availability  63.23%",
        "  MTTR          13.4s",
        "  failover      n/a",
        "",
        "active-passive",
        "  availability  99.41%",
        "  MTTR          3.8s",
        "  failover      203ms",
      ].join("\n")
    );
    for (const line of out.split("\n")) expect(stringWidth(line)).toBeLessThanOrEqual(30);
  });
});

describe("fitLine", () => {
  it("cuts a line to the width in terminal columns, marking the cut", () => {
    expect(fitLine("primary down/open [disable]", 12)).toBe("primary dow…");
    expect(stringWidth(fitLine("✓ 网络 failover", 8))).toBeLessThanOrEqual(8);
    expect(fitLine("short", 12)).toBe("short");
  });
});
