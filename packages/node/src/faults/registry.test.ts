import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { COMMON_FAULT_PARAMS_SCHEMA, faultKinds } from "./registry.js";
import { parseFaultSpec } from "./fault-spec.js";

describe("the fault table", () => {
  it("registers every kind the contract names, each with a compilable closed schema", () => {
    expect(
      faultKinds()
        .map((k) => k.kind)
        .sort()
    ).toEqual(
      [
        "capacity",
        "content-filter",
        "cpu",
        "crash",
        "disable",
        "engine-dead",
        "errors",
        "gpu-oom",
        "hang",
        "keepalive-pings",
        "latency",
        "malformed-chunk",
        "no-done",
        "prefill-rejected",
        "quota-exhausted",
        "rate-limit",
        "reset",
        "slow-tokens",
        "stream-cut",
        "stream-error",
        "stream-stall",
        "zombie",
      ].sort()
    );
    const ajv = new Ajv({ strict: false });
    for (const k of faultKinds()) {
      expect(k.paramsSchema.additionalProperties, k.kind).toBe(false);
      expect(() => ajv.compile(k.paramsSchema), k.kind).not.toThrow();
    }
    expect(Object.keys(COMMON_FAULT_PARAMS_SCHEMA)).toEqual(["durationMs", "probability", "match"]);
  });

  it("accepts the issue's example bodies and separates common fields from params", () => {
    const s = parseFaultSpec({ kind: "hang", durationMs: 5000, probability: 0.3 });
    expect(s).toMatchObject({ kind: "hang", durationMs: 5000, probability: 0.3, params: {} });
    expect(parseFaultSpec({ kind: "errors", status: 500, rate: 0.5, durationMs: 10000 }).params).toEqual({
      status: 500,
      rate: 0.5,
    });
    expect(parseFaultSpec({ kind: "rate-limit", retryAfterMs: 2000 }).params).toEqual({ retryAfterMs: 2000 });
    expect(parseFaultSpec({ kind: "stream-cut", afterTokens: 20 }).params).toEqual({ afterTokens: 20 });
  });

  it("names the field of a bad spec", () => {
    expect(() => parseFaultSpec({ kind: "latency" })).toThrow(/ms: required/);
    expect(() => parseFaultSpec({ kind: "cpu", threads: 1, utilization: 1.5 })).toThrow(/utilization/);
    expect(() => parseFaultSpec({ kind: "capacity" })).toThrow(/at least one of maxBatch or kvTokens/);
    expect(() => parseFaultSpec({ kind: "hang", match: { modle: "x" } })).toThrow(/match.modle: unknown field/);
    // Beyond setTimeout's range a timer fires at once: the fault would vanish instead of lasting.
    expect(() => parseFaultSpec({ kind: "disable", durationMs: 1e10 })).toThrow(/durationMs: must be <= 2147483647/);
  });
});
