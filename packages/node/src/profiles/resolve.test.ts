import { describe, expect, it } from "vitest";
import { profileNames, profileOverrideKeys, resolveProfile } from "./resolve.js";

describe("profiles", () => {
  it("ships the five profiles the issue names", () => {
    expect(profileNames()).toEqual(["h100-llama3-8b", "a100-llama3-8b", "h100x8-llama3-70b", "l40s-llama3-3b", "zero"]);
  });

  it("puts an H100 8B near 100 ms to first token and 12 ms between tokens, and an A100 slower", () => {
    const h = resolveProfile("h100-llama3-8b");
    const a = resolveProfile("a100-llama3-8b");
    expect(h.ttftMs + 400 * h.prefillMsPerToken).toBeCloseTo(100, -1);
    expect(h.itlMs).toBe(12);
    expect(a.itlMs).toBeGreaterThan(h.itlMs);
  });

  it("applies overrides and names a bad one with a suggestion", () => {
    expect(resolveProfile("zero", { itlMs: 3 }).itlMs).toBe(3);
    expect(() => resolveProfile("zero", { itlMS: 3 })).toThrow(
      /overrides.itlMS: not a profile field \(did you mean "itlMs"\?\)/
    );
    expect(() => resolveProfile("zero", { maxBatch: 0.5 })).toThrow(/overrides.maxBatch: must be a whole number/);
    expect(() => resolveProfile("h200")).toThrow(/profile: unknown profile "h200"/);
    expect(profileOverrideKeys()).toContain("kvTokens");
  });
});
