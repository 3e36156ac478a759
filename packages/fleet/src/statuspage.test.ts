import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readStatuspageFile, statuspageScenario } from "./statuspage.js";

const example = join(import.meta.dirname, "..", "..", "..", "fleets", "statuspage-example.json");
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; field: string; message: string };
  }
  throw new Error("no error");
};

describe("faultline replay statuspage", () => {
  it("turns each incident into attacks on its components with the fleet's impact mapping, time-compressed", () => {
    const yaml = statuspageScenario(readStatuspageFile(example), 2 / 3600);
    const s = parse(yaml);
    expect(Object.keys(s.nodes)).toEqual(["API", "Chat-app"]);
    const byId = Object.fromEntries(s.attacks.map((a: { id: string }) => [a.id, a]));
    // major, 14:55 → 16:10 (75 min = 2.5 s at 1h=2s): half the requests fail, the rest are 4 s slower.
    expect(byId["i0-major-API"]).toMatchObject({ fault: "errors", rate: 0.5, at: "1000ms", duration: "2500ms" });
    expect(byId["i0-major-API-slow"]).toMatchObject({ fault: "latency", ms: 4000 });
    // minor with resolved_at null: the end is its `resolved` update (18:20 → 19:05 = 45 min = 1.5 s).
    expect(byId["i1-minor-API"]).toMatchObject({ rate: 0.1, duration: "1500ms" });
    // critical on two components: both disabled at once. Maintenance is left out.
    expect(byId["i2-critical-API"]).toMatchObject({ fault: "disable" });
    expect(byId["i2-critical-Chat-app"]).toMatchObject({ fault: "disable" });
    expect(s.attacks).toHaveLength(6);
  });

  it("names the first malformed entry", () => {
    const doc = readStatuspageFile(example) as { incidents: Array<Record<string, unknown>> };
    doc.incidents[1]!["impact"] = "severe";
    doc.incidents[2]!["resolved_at"] = "yesterday";
    const e = errorOf(() => statuspageScenario(doc, 1));
    expect(e.code).toBe("FAULTLINE_STATUSPAGE_INVALID");
    expect(e.message).toBe('incidents[1].impact: "severe" is not none, minor, major, critical or maintenance');
    expect(
      errorOf(() => statuspageScenario({ incidents: [{ impact: "minor", created_at: "2025-01-01T00:00:00Z" }] }, 1))
        .field
    ).toBe("incidents[0].resolved_at");
  });
});
