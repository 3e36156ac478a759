import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, validateScenarioFile } from "../index.js";

const examples = resolve(import.meta.dirname, "../../../../examples/systems");
const HEAD = `name: t
duration: 10s
nodes:
  primary: { profile: zero }
  backup: { profile: zero }
client: { order: [primary, backup] }
`;

function scenarioWith(systems: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "faultline-systems-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const file = join(dir, "s.yaml");
  writeFileSync(file, `${HEAD}systems:\n${systems}`);
  return file;
}

describe("systems under test in a scenario", () => {
  it("loads every shipped system file beside faultline's own strategies, each as its kind", async () => {
    const entries = ["portkey", "faultline-gateway", "openai-sdk", "litellm", "bifrost"]
      .map((n) => `  - { file: ${join(examples, `${n}.yaml`)} }`)
      .join("\n");
    const s = await loadScenario(scenarioWith(`  - active-passive\n${entries}\n`));
    expect(s.systems.map((x) => [x.name, x.kind])).toEqual([
      ["active-passive", "preset"],
      ["portkey", "gateway"],
      ["faultline-gateway", "gateway"],
      ["openai-sdk", "openai-sdk"],
      ["litellm", "gateway"],
      ["bifrost", "gateway"],
    ]);
    expect(s.strategies).toEqual(s.systems.map((x) => x.name));
    // Without client.strategy the verdict is judged on the last system listed.
    expect(s.client.strategy).toBe("bifrost");
  });

  it("keeps strategies: as the older name of systems:", async () => {
    const file = scenarioWith("  - none\n").replace(/s\.yaml$/, "old.yaml");
    writeFileSync(file, `${HEAD}strategies: [none, active-passive]\n`);
    const s = await loadScenario(file);
    expect(s.systems).toEqual([
      { kind: "preset", name: "none" },
      { kind: "preset", name: "active-passive" },
    ]);
  });

  it("lets the scenario's entry override a system file's keys, and resolves cwd from the system file", async () => {
    const file = scenarioWith("  - { file: gw.yaml, name: my-gw }\n", {
      "gw.yaml": 'command: [node, gw.js, "--port={{port}}"]\ncwd: bin\n',
    });
    const s = await loadScenario(file);
    const gw = s.systems[0]!;
    expect(gw).toMatchObject({
      kind: "gateway",
      name: "my-gw",
      url: "http://127.0.0.1:{{port}}/v1",
      cwd: join(file, "..", "bin"),
      readyTimeoutMs: 30_000,
    });
  });

  it("reports a problem in a system file at that file's line and the scenario's own at the scenario's", async () => {
    const file = scenarioWith("  - { file: gw.yaml }\n  - hedge\n", {
      "gw.yaml": 'name: gw\n\ncommand: [node, "--to={{nodes.nope.url}}"]\nready: 5\n',
    });
    const { problems } = await validateScenarioFile(file);
    const gw = join(file, "..", "gw.yaml");
    expect(problems).toEqual([
      `${file}:9: systems[1]: "hedge" is not a faultline strategy (did you mean "hedged"?); use ` +
        "one of none, manual, active-passive, active-active, circuit-breaker, hedged, session-affinity, " +
        "conversation-backup, or a system such as { file: examples/systems/portkey.yaml }",
      `${gw}:4: ready: must be string, got 5`,
    ]);
  });

  it("checks placeholders of a config template file against the scenario's nodes", async () => {
    const file = scenarioWith("  - { file: gw.yaml }\n", {
      "gw.yaml": 'command: [gw, --config, "{{config.path}}"]\nconfig: { path: c.json, templateFile: c.tmpl }\n',
      "c.tmpl": '{"up": "{{nodes.backup.url}}", "x": "{{nodes.third.url}}"}',
    });
    const { problems } = await validateScenarioFile(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /gw\.yaml:2: config\.templateFile: \{\{nodes\.third\.url\}\} names node "third", which the scenario does not have/
    );
  });
});
