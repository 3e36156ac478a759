import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const root = join(import.meta.dirname, "..", "..", "..");
const file = join(root, "examples", "ci", "faultline-gate.yml");
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}
const workflow = parse(readFileSync(file, "utf8")) as {
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs)[0]!.steps;

describe("examples/ci/faultline-gate.yml", () => {
  it("gates on a scenario that exists and validates", async () => {
    expect(existsSync(join(root, workflow.env.SCENARIO!))).toBe(true);
    const r = await runCli(["validate", join(root, workflow.env.SCENARIO!)], { timeoutMs: 20_000 });
    expect(r.code, r.stderr).toBe(0);
    const gate = steps.find((s) => s.run?.includes(" run "))!;
    expect(gate.run).toMatch(
      /bin\.js run "\$SCENARIO" --time-scale "\$TIME_SCALE" \\\n\s+--junit results\/junit\.xml --json/
    );
    expect(gate.if).toBeUndefined(); // the step's exit status is the gate
  });

  it("uploads the report and publishes the JUnit file even when the gate failed", () => {
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.if).toBe("${{ !cancelled() }}");
    expect(upload.with!.path).toContain("results/*/report.html");
    const junit = steps.find((s) => s.with?.reporter === "java-junit")!;
    expect(junit.with!.path).toBe("results/junit.xml");
    expect(junit.if).toContain("!cancelled()");
  });
});
