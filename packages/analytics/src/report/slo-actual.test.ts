import { describe, expect, it } from "vitest";
import { formatSloActual, sloMark } from "./slo-actual.js";

describe("formatSloActual", () => {
  it("writes a share as a percentage beside a percentage threshold", () => {
    expect(formatSloActual({ threshold: ">= 99.5%", actual: 0.632282 })).toBe("63.23%");
  });

  it("writes a time in the threshold's duration unit", () => {
    expect(formatSloActual({ threshold: "<= 5s", actual: 3800 })).toBe("3.80s");
    expect(formatSloActual({ threshold: "<= 1500ms", actual: 812.4 })).toBe("812ms");
  });

  it("keeps a bare number bare, and says n/a when there is no value", () => {
    expect(formatSloActual({ threshold: "<= 3", actual: 2 })).toBe("2");
    expect(formatSloActual({ threshold: "<= 5s", actual: null })).toBe("n/a");
  });
});

describe("sloMark", () => {
  it("marks met, violated and not applicable apart", () => {
    expect(sloMark({ ok: true })).toBe("✓");
    expect(sloMark({ ok: false })).toBe("✗");
    expect(sloMark({ ok: true, notApplicable: "no request failed over in this pass" })).toBe("not applicable");
  });
});
