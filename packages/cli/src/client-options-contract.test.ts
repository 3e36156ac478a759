import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveOptions } from "@faultline/client";
import { validateScenarioFile } from "@faultline/scenario";
import { describe, expect, it } from "vitest";

// `faultline validate` checks client.options with @faultline/contracts' JSON Schema; the client
// checks a config given in code with resolveOptions. The two must accept the same options.
const dir = mkdtempSync(join(tmpdir(), "fl-options-"));
async function validatorAccepts(options: Record<string, unknown>, i: number): Promise<boolean> {
  const file = join(dir, `${i}.yaml`);
  writeFileSync(
    file,
    `name: t\nduration: 10s\nnodes:\n  primary: { profile: zero }\nclient:\n  options: ${JSON.stringify(options)}\n`
  );
  return (await validateScenarioFile(file)).problems.length === 0;
}
const clientAccepts = (options: Record<string, unknown>) => {
  try {
    resolveOptions("active-passive", options);
    return true;
  } catch {
    return false;
  }
};

describe("client.options", () => {
  it("are accepted and refused alike by the scenario validator and the client", async () => {
    const cases: Array<Record<string, unknown>> = [
      { firstByteTimeoutMs: 500 },
      { firstByteTimeoutMs: "2s" },
      { firstByteTimoutMs: 500 },
      { healthJitter: 2 },
      { healthJitter: 0.5 },
      { maxAttempts: 0 },
      { maxAttempts: 2 },
      { routing: "weighted" },
      { routing: "random" },
      { weights: { a: 2 } },
      { weights: { a: -1 } },
      { hedge: "yes" },
      { hedge: true },
      { deadlineMs: -1 },
      { healthIntervalMs: "soon" },
    ];
    for (const [i, c] of cases.entries())
      expect(await validatorAccepts(c, i), JSON.stringify(c)).toBe(clientAccepts(c));
  });
});
