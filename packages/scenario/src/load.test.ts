import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, SCENARIO_DEFAULTS, ScenarioErrorCodes, validateScenarioFile } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-load-"));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const minimal = write(
  "minimal.yaml",
  `name: minimal
duration: 20s
nodes:
  a: { profile: zero }
  b: { profile: zero }
attacks:
  - { at: 5s, target: a, fault: latency, ms: 300, duration: 2s }
stop:
  - { errorRate: "> 50%" }
  - { p99: "> 5s", for: 3s }
`
);

describe("loadScenario", () => {
  it("fills every omitted key from SCENARIO_DEFAULTS", async () => {
    const s = await loadScenario(minimal);
    expect(s.seed).toBe(SCENARIO_DEFAULTS.seed);
    expect(s.client).toEqual({ strategy: SCENARIO_DEFAULTS.strategy, order: ["a", "b"], options: {} });
    expect(s.strategies).toEqual([SCENARIO_DEFAULTS.strategy]);
    expect(s.load).toEqual({
      rate: SCENARIO_DEFAULTS.load.rate,
      rateEnd: SCENARIO_DEFAULTS.load.rate,
      arrival: "poisson",
      stream: 0,
      promptTokens: SCENARIO_DEFAULTS.load.promptTokens,
      maxTokens: SCENARIO_DEFAULTS.load.maxTokens,
      timeoutMs: SCENARIO_DEFAULTS.load.timeoutMs,
    });
    expect(s.stopConditions).toEqual([
      {
        key: "errorRate",
        threshold: { op: ">", value: 0.5, text: "> 50%" },
        windowMs: SCENARIO_DEFAULTS.stopWindowMs,
      },
      { key: "p99", threshold: { op: ">", value: 5000, text: "> 5s" }, windowMs: 3000 },
    ]);
  });

  it("judges the verdict on the last listed strategy when client.strategy is absent", async () => {
    const file = write(
      "strategies.yaml",
      "name: s\nduration: 10s\nnodes: { a: { profile: zero } }\nstrategies: [none, hedged]\n"
    );
    const s = await loadScenario(file);
    expect([s.client.strategy, s.strategies]).toEqual(["hedged", ["none", "hedged"]]);
  });

  it("scales times with timeScale but leaves fault magnitudes alone", async () => {
    const s = await loadScenario(minimal, { timeScale: 0.1 });
    expect(s.durationMs).toBe(2000);
    expect(s.attacks[0]).toMatchObject({ atMs: 500, durationMs: 200, params: { ms: 300 } });
    expect(s.stopConditions[0]!.windowMs).toBe(500);
    expect(s.timeScale).toBe(0.1);
  });

  it("never lets rounding at an odd time scale push an attack past the scaled run", async () => {
    const file = write(
      "edge.yaml",
      "name: e\nduration: 10s\nnodes: { a: { profile: zero } }\nattacks:\n  - { at: 1s, every: " +
        "3s, target: a, fault: disable, duration: 3s }\n"
    );
    for (const timeScale of [0.0005, 0.0015, 0.0095, 0.333]) {
      const s = await loadScenario(file, { timeScale });
      for (const a of s.attacks) expect(a.atMs + a.durationMs!).toBeLessThanOrEqual(s.durationMs);
    }
  });

  it("leaves live metrics off unless metricsPort is given, and resolves it when it is", async () => {
    expect((await loadScenario(minimal)).metricsPort).toBeUndefined();
    const watched = write(
      "watched.yaml",
      "name: watched\nduration: 5s\nmetricsPort: 9464\nnodes:\n  a: { profile: zero }\n"
    );
    expect((await loadScenario(watched)).metricsPort).toBe(9464);
  });

  it("returns a frozen scenario", async () => {
    const s = await loadScenario(minimal);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.attacks[0])).toBe(true);
  });

  it("rejects a missing file with FAULTLINE_SCENARIO_NOT_FOUND", async () => {
    await expect(loadScenario(join(dir, "nope.yaml"))).rejects.toMatchObject({ code: ScenarioErrorCodes.NOT_FOUND });
    await expect(validateScenarioFile(join(dir, "nope.yaml"))).rejects.toMatchObject({
      code: ScenarioErrorCodes.NOT_FOUND,
    });
  });

  it("rejects a folder or an empty file with a message instead of a stack trace", async () => {
    await expect(loadScenario(dir)).rejects.toMatchObject({ code: ScenarioErrorCodes.UNREADABLE });
    expect((await validateScenarioFile(write("empty.yaml", ""))).problems).toEqual([
      `${join(dir, "empty.yaml")}:1: (scenario): a scenario must be a mapping with name, duration, nodes and attacks`,
    ]);
  });

  it("rejects a time scale of 0 or a negative seed, naming the option", async () => {
    await expect(loadScenario(minimal, { timeScale: 0 })).rejects.toMatchObject({
      code: ScenarioErrorCodes.OPTION_INVALID,
      field: "timeScale",
    });
    await expect(loadScenario(minimal, { seed: -3 })).rejects.toMatchObject({
      code: ScenarioErrorCodes.OPTION_INVALID,
      field: "seed",
    });
  });

  it("reads a ramping rate, request classes, token counts and a timeout", async () => {
    const file = write(
      "load.yaml",
      `name: l
duration: 10s
nodes: { a: { profile: zero } }
load:
  rate: { from: 50/s, to: 3000/m }
  arrival: uniform
  stream: 0.25
  promptTokens: 128
  timeout: 5s
  classes:
    - { name: chat, weight: 3 }
    - { name: long, weight: 1, stream: 1, maxTokens: { min: 512, max: 1024 } }
`
    );
    const { load } = await loadScenario(file);
    expect(load).toMatchObject({
      rate: 50,
      rateEnd: 50,
      arrival: "uniform",
      stream: 0.25,
      promptTokens: { min: 128, max: 128 },
      timeoutMs: 5000,
    });
    expect(load.classes).toEqual([
      {
        name: "chat",
        weight: 3,
        stream: 0.25,
        promptTokens: { min: 128, max: 128 },
        maxTokens: SCENARIO_DEFAULTS.load.maxTokens,
        residency: null,
        minTier: null,
        session: null,
      },
      {
        name: "long",
        weight: 1,
        stream: 1,
        promptTokens: { min: 128, max: 128 },
        maxTokens: { min: 512, max: 1024 },
        residency: null,
        minTier: null,
        session: null,
      },
    ]);
  });

  it("shares YAML fragments through anchors and merge keys", async () => {
    const file = write(
      "anchors.yaml",
      `name: a
duration: 30s
nodes: { a: { profile: zero } }
attacks:
  - &slow { at: 1s, target: a, fault: latency, ms: 200, duration: 2s }
  - { <<: *slow, at: 10s }
  - { <<: *slow, at: 20s, ms: 400 }
`
    );
    const s = await loadScenario(file);
    expect(s.attacks.map((x) => [x.atMs, x.params.ms])).toEqual([
      [1000, 200],
      [10000, 200],
      [20000, 400],
    ]);
  });

  it("keeps an external node's url and derives its admin url from the origin", async () => {
    const file = write(
      "external.yaml",
      `name: e
duration: 10s
nodes:
  real: { url: "http://10.0.0.5:8000/v1", cloud: onprem, supportsPrefill: true }
  sim: { profile: zero, overrides: { ttftMs: 30 } }
  claude: { profile: zero, persona: anthropic }
`
    );
    const s = await loadScenario(file);
    expect(s.nodes[0]).toMatchObject({
      name: "real",
      url: "http://10.0.0.5:8000/v1",
      adminUrl: "http://10.0.0.5:8000",
      cloud: "onprem",
      supportsPrefill: true,
    });
    expect(s.nodes[1]).toMatchObject({
      name: "sim",
      profile: "zero",
      url: null,
      overrides: { ttftMs: 30 },
      supportsPrefill: false,
      persona: "openai",
    });
    expect(s.nodes[2]).toMatchObject({ name: "claude", persona: "anthropic" });
  });

  it("resolves node jurisdictions, tiers and quality, and a class's residency", async () => {
    const file = write(
      "residency.yaml",
      `name: r
duration: 10s
nodes:
  eu: { profile: zero, jurisdiction: EU }
  de: { profile: zero, jurisdiction: [eu, " de "], tier: degraded, quality: 0.8 }
  us: { profile: zero }
load:
  classes:
    - { name: eu-chat, weight: 1, residency: Eu }
    - { name: chat, weight: 1 }
`
    );
    const s = await loadScenario(file);
    expect(s.nodes.map((n) => n.jurisdiction)).toEqual([["eu"], ["eu", "de"], []]);
    expect(s.nodes.map((n) => [n.tier, n.quality])).toEqual([
      ["full", 1],
      ["degraded", 0.8],
      ["full", 1],
    ]);
    expect(s.load.classes?.map((c) => c.residency)).toEqual(["eu", null]);
  });

  it("resolves a conversation class: its sessions, turns, think time (time-scaled) and context growth", async () => {
    const file = write(
      "sessions.yaml",
      `name: s
duration: 10s
nodes: { a: { profile: zero } }
load:
  maxTokens: 32
  classes:
    - name: chat
      session: { count: 4, turns: { min: 10, max: 30 }, thinkTime: { min: 1s, max: 3s }, context: 2000,
                 userTokens: 300 }
    - { name: single, weight: 1 }
    - name: chained
      session: { count: 1, turns: 2, api: responses }
`
    );
    const s = await loadScenario(file, { timeScale: 0.5 });
    expect(s.load.classes?.[2]?.session?.api).toBe("responses");
    expect(s.load.classes?.[0]).toMatchObject({ name: "chat", weight: 0 });
    expect(s.load.classes?.[0]?.session).toEqual({
      count: 4,
      rate: null,
      turns: { min: 10, max: 30 },
      thinkTimeMs: { min: 500, max: 1500 },
      contextTokens: { min: 2000, max: 2000 },
      userTokens: { min: 300, max: 300 },
      api: "chat",
    });
    expect(s.load.classes?.[1]?.session).toBeNull();
  });

  it("loads a JavaScript module exporting defineScenario({...}), with loops building the timeline", async () => {
    const file = write(
      "module.mjs",
      `
const defineScenario = (s) => s; // same identity as the package export
const attacks = [];
for (let i = 0; i < 4; i++) attacks.push({ at: \`\${5 + i * 10}s\`, target: "a", fault: "disable", duration: "2s" });
export default defineScenario({ name: "mod", duration: "60s", nodes: { a: { profile: "zero" } }, attacks });
`
    );
    const s = await loadScenario(file);
    expect(s.attacks.map((a) => a.atMs)).toEqual([5000, 15000, 25000, 35000]);
  });

  it("reports a module's problems without line numbers, since a module has no YAML lines", async () => {
    const file = write(
      "bad-module.mjs",
      `export default { name: "bad", duration: "60s", nodes: { a: { profile: "zero" } }, attacks: ` +
        `[{ at: "1s", target: "nowhere", fault: "disable" }] };`
    );
    expect((await validateScenarioFile(file)).problems).toEqual([
      `${file}: attacks[0].target: unknown node "nowhere"; declared nodes: a (or use random(1), { cloud: aws })`,
    ]);
  });

  it("loads a TypeScript scenario importing defineScenario from @faultline/scenario, outside any project", async () => {
    // The temp folder has no node_modules: the import resolves to this package, as for `npx faultline`.
    const file = write(
      "s.ts",
      `import { defineScenario } from "@faultline/scenario";\n` +
        "const seconds: number = 4;\n" +
        'export default defineScenario({ name: "typed", duration: seconds + "s", ' +
        'nodes: { a: { profile: "zero" } } });\n'
    );
    const scenario = await loadScenario(file);
    expect(scenario.name).toBe("typed");
    expect(scenario.durationMs).toBe(4000);
  });

  it("refuses a module without a default export, saying what to export", async () => {
    const file = write("named.mjs", "export const scenario = {};");
    await expect(loadScenario(file)).rejects.toMatchObject({
      code: ScenarioErrorCodes.UNREADABLE,
      message: expect.stringContaining("no default export"),
    });
  });
});
