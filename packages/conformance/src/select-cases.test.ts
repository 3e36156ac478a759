import { describe, expect, it } from "vitest";
import { CATALOGUE } from "./catalogue/index.js";
import { ConformanceErrorCodes } from "./errors.js";
import { selectCases } from "./select-cases.js";
import { resolveSystem } from "./system-under-test.js";

describe("choosing cases", () => {
  it("plays every case by default and marks the listed ones required", () => {
    const s = selectCases(CATALOGUE, undefined, ["stream-cut"]);
    expect(s.cases).toHaveLength(CATALOGUE.length);
    expect([...s.required]).toEqual(["stream-cut"]);
  });

  it("requires every case played with `all`, the persona cases too", () => {
    const s = selectCases(CATALOGUE, ["stream-cut", "overloaded-529"], "all");
    expect([...s.required]).toEqual(["overloaded-529", "stream-cut"]);
  });

  it("refuses an unknown case id, suggesting the closest", () => {
    expect(() => selectCases(CATALOGUE, ["stream-cutt"], undefined)).toThrow(
      expect.objectContaining({
        code: ConformanceErrorCodes.CASE_INVALID,
        message: expect.stringMatching(/did you mean "stream-cut"/),
      })
    );
  });

  it("refuses to require a case not played", () => {
    expect(() => selectCases(CATALOGUE, ["stream-cut"], ["no-response"])).toThrow(/not among --cases/);
  });
});

describe("the system under test", () => {
  it("takes a strategy, a system file or a URL with its two nodes", () => {
    expect(resolveSystem("hedged")).toMatchObject({ name: "hedged", entry: "hedged", externalNodes: null });
    const url = resolveSystem("http://127.0.0.1:4000/v1", {
      primary: { url: "http://127.0.0.1:8001/v1" },
      backup: { url: "http://127.0.0.1:8002/v1" },
    });
    expect(url.entry).toEqual({ name: "gateway-127.0.0.1-4000", url: "http://127.0.0.1:4000/v1" });
    expect(url.externalNodes?.backup.url).toBe("http://127.0.0.1:8002/v1");
  });

  it("says what to give when the system is neither a strategy, a file nor a URL", () => {
    expect(() => resolveSystem("portkey")).toThrow(
      expect.objectContaining({
        code: ConformanceErrorCodes.SYSTEM_INVALID,
        message: expect.stringMatching(/not a strategy, a file or a URL; give a faultline strategy/),
      })
    );
  });

  it("asks for the nodes a running gateway sends to", () => {
    expect(() => resolveSystem("http://127.0.0.1:4000/v1")).toThrow(/add --node primary=<url of its endpoint 0>/);
  });
});
