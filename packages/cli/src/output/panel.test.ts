import type { ProgressSnapshot } from "@faultline/runner";
import pc from "picocolors";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { colourEnabled } from "../live-status.js";
import { panelLines } from "./panel.js";

const plain = pc.createColors(false);

/** The `none` pass with its primary disabled: the client runs no health checks and has no breaker. */
const nonePass: ProgressSnapshot = {
  strategy: "none",
  elapsedMs: 12_300,
  durationMs: 60_000,
  sent: 1230,
  inFlight: 14,
  rate: 100,
  successRate: 0.6123,
  servedBy: "primary",
  p99Ms: 30_000,
  activeAttacks: ["disable@primary"],
  endpoints: [
    { name: "primary", healthy: null, breaker: "off", faults: ["disable"] },
    { name: "backup", healthy: null, breaker: "off", faults: [] },
    { name: "third-cloud-eu-west", healthy: null, breaker: "off", faults: [] },
  ],
};

describe("the live panel", () => {
  it("keeps every line within an 80-column terminal, with three endpoints", () => {
    const lines = panelLines(nonePass, 80, plain);
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
    expect(lines).toHaveLength(3 + 1 + 3);
  });

  it("shows a dead node in the none pass as unchecked with its fault, never as up/closed", () => {
    const lines = panelLines(nonePass, 80, plain).join("\n");
    expect(lines).toMatch(/primary\s+unchecked\s+off\s+disable/);
    expect(lines).not.toMatch(/primary\s+up/);
  });

  it("falls back to one block per endpoint on a very narrow terminal", () => {
    const lines = panelLines(nonePass, 40, plain);
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(40);
    expect(lines.join("\n")).toMatch(/ {2}primary\n {4}health +unchecked/);
  });

  it("colours states only when colour is on", () => {
    const coloured = panelLines(
      { ...nonePass, endpoints: [{ name: "primary", healthy: false, breaker: "open", faults: ["disable"] }] },
      80,
      pc.createColors(true)
    ).join("\n");
    expect(coloured).toContain("\x1b[31mdown\x1b[39m");
    expect(panelLines(nonePass, 80, plain).join("\n")).not.toContain("\x1b[");
  });
});

describe("colourEnabled", () => {
  it("honours NO_COLOR, FORCE_COLOR and a dumb terminal", () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colourEnabled({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
  });
});
