import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatTimeline, loadScenario, ScenarioErrorCodes } from "./index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

describe("formatTimeline", () => {
  it("prints the run's header and one row per resolved attack, in time order", async () => {
    const text = formatTimeline(await loadScenario(join(root, "scenarios", "paper.yaml")));
    expect(text).toContain("duration 1m00s  seed 1  strategies none, active-passive");
    const rows = text.split("\n").filter((l) => /^\d+(\.\d+)?(ms|s) /.test(l));
    expect(rows).toEqual([
      "8.00s  10.0s  primary  latency  ms=120                     attack-0",
      "10.0s  22.0s  primary  disable  -                          attack-1",
      "35.0s  43.0s  primary  cpu      threads=1 utilization=0.9  attack-2",
    ]);
  });

  it("shows the time scale when the scenario was shortened", async () => {
    const text = formatTimeline(await loadScenario(join(root, "scenarios", "paper.yaml"), { timeScale: 0.1 }));
    expect(text).toContain("time scale 0.1");
    expect(text).toContain("800ms  1.00s  primary  latency");
  });

  it("describes a load of conversations by its sessions, not by an open-model rate it does not use", async () => {
    const text = formatTimeline(await loadScenario(join(root, "scenarios", "long-conversations.yaml")));
    expect(text).toContain(
      "conversations chat: 16 sessions of 10-30 turns, think 1000-3000 ms, context 4000-12000 + 500-1500 tokens a " +
        "turn, stream 100%, over the Responses API (previous_response_id)"
    );
    expect(text).not.toMatch(/^load /m);
  });
});

describe("the error code table", () => {
  it("is listed in full in docs/scenarios.md", () => {
    const docs = readFileSync(join(root, "docs", "scenarios.md"), "utf8");
    for (const code of Object.values(ScenarioErrorCodes)) expect(docs).toContain(code);
  });
});
