import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario } from "@faultline/scenario";
import { afterAll, describe, expect, it } from "vitest";
import { SpareNodeChildren } from "./node-children.js";
import { runScenario } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "fl-run-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runScenario", () => {
  it("starts the first pass's nodes in the spares and does the caller's warm-up work once", async () => {
    const file = join(dir, "short.yaml");
    writeFileSync(
      file,
      `name: spares
duration: 300ms
nodes:
  primary: { profile: zero }
  backup: { profile: zero }
client: { strategy: active-passive, order: [primary, backup] }
load: { rate: 20/s }
`
    );
    const scenario = await loadScenario(file);
    const spares = SpareNodeChildren.forScenario(scenario);
    const calls: number[] = [];
    try {
      const result = await runScenario(scenario, {
        resultsDir: dir,
        repeat: 2,
        spareNodes: spares,
        duringWarmUp: async () => {
          calls.push(Date.now());
        },
      });
      expect(result.passes.map((p) => p.status)).toEqual(["complete", "complete"]);
      expect(calls).toHaveLength(1);
      expect(spares.take()).toBeUndefined(); // both were taken by the first pass's nodes
    } finally {
      spares.close();
    }
  });
});
