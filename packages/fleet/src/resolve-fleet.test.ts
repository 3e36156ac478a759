import { describe, expect, it } from "vitest";
import { resolveFleet } from "./resolve-fleet.js";

/** The message of the error resolveFleet throws for `raw`. */
function problem(raw: unknown): { code: string; field: string; message: string } {
  try {
    resolveFleet(raw, "f.yaml");
  } catch (err) {
    const e = err as { code: string; field: string; message: string };
    return { code: e.code, field: e.field, message: e.message };
  }
  throw new Error("resolveFleet accepted it");
}

describe("a fleet file with bad input", () => {
  it.each([
    [{ providers: { a: { repair: { dist: "lognormal", mu: 0, sigma: 0 } } } }, "providers.a.repair.sigma", "above 0"],
    [{ providers: { a: { gap: { dist: "exponential", mean: -3 } } } }, "providers.a.gap.mean", "above 0"],
    [{ providers: { a: { gap: { dist: "weibull", shape: 0, scale: 5 } } } }, "providers.a.gap.shape", "above 0"],
    [
      {
        providers: {
          a: {
            models: ["x", "y"],
            correlation: [
              [1, 0.5],
              [0.4, 1],
            ],
          },
        },
      },
      "providers.a.correlation[0][1]",
      "not symmetric",
    ],
    [
      {
        providers: {
          a: {
            models: ["x", "y"],
            correlation: [
              [1, 1.5],
              [1.5, 1],
            ],
          },
        },
      },
      "providers.a.correlation[0][1]",
      "outside [-1, 1]",
    ],
    [{ providers: { a: { models: ["x", "y"], correlation: [[1, 0]] } } }, "providers.a.correlation", "2×2 matrix"],
    [{ providers: { a: {} }, commonCause: { beta: 1.2 } }, "commonCause.beta", "between 0 and 1"],
    [{ providers: { a: {} }, commonCause: { beta: -0.1 } }, "commonCause.beta", "between 0 and 1"],
    [
      { providers: { openai: {} }, failover: { chain: ["openia"] } },
      "failover.chain[0]",
      'unknown provider "openia" (did you mean "openai"?)',
    ],
    [
      { providers: { a: { regions: ["us"] } }, failover: { residency: ["eu"] } },
      "failover.residency",
      "leaves no unit",
    ],
    [{ providers: { a: {} }, impact: { minor: { share: 0.5 } } }, "impact", "add up to 0.5"],
  ])("%j is refused, naming %s", (raw, field, text) => {
    const e = problem(raw);
    expect(e.code).toBe("FAULTLINE_FLEET_INVALID");
    expect(e.field).toBe(field);
    expect(e.message).toContain(`f.yaml: ${field}: `);
    expect(e.message).toContain(text);
  });

  it("keeps a negative lognormal μ (repairs under an hour) and solves the gap from a stated availability", () => {
    const f = resolveFleet({
      providers: { a: { availability: "99.5%", repair: { dist: "lognormal", mu: -0.2, sigma: 1.2 } } },
    });
    expect(f.providers[0]!.nominalAvailability).toBeCloseTo(0.995, 9);
  });
});
