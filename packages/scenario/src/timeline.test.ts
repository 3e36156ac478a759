import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-timeline-"));
let count = 0;
const HEAD = `name: t
duration: 60s
nodes:
  primary: { profile: zero, cloud: aws, region: us-east-1 }
  backup:  { profile: zero, cloud: gcp, region: us-central1 }
  spare:   { profile: zero, cloud: aws, region: us-west-2 }
`;

/** Loads a scenario whose attacks list is `attacks` (YAML), returning [atMs, durationMs, target, id] rows. */
async function timeline(attacks: string, extra = "") {
  const file = join(dir, `s${count++}.yaml`);
  writeFileSync(file, `${HEAD}${extra}attacks:\n${attacks}`);
  const s = await loadScenario(file);
  return s.attacks.map((a) => [a.atMs, a.durationMs, a.target, a.id]);
}

describe("the timeline planner", () => {
  it("places an attack after another one's end plus an offset", async () => {
    expect(
      await timeline(`
  - { id: first, at: 5s, target: primary, fault: disable, duration: 3s }
  - { id: second, after: first + 2s, target: backup, fault: disable, duration: 1s }
  - { after: second, target: spare, fault: disable, duration: 1s }`)
    ).toEqual([
      [5000, 3000, "primary", "first"],
      [10000, 1000, "backup", "second"],
      [11000, 1000, "spare", "attack-2"],
    ]);
  });

  it("resolves an after: that points forward in the list", async () => {
    expect(
      await timeline(`
  - { after: late, target: backup, fault: disable, duration: 1s }
  - { id: late, at: 20s, target: primary, fault: disable, duration: 1s }`)
    ).toEqual([
      [20000, 1000, "primary", "late"],
      [21000, 1000, "backup", "attack-0"],
    ]);
  });

  it("repeats an attack times: times, every: apart, and after: waits for the last repeat", async () => {
    expect(
      await timeline(`
  - { id: flap, at: 2s, every: 10s, times: 3, target: primary, fault: disable, duration: 4s }
  - { after: flap, target: backup, fault: disable, duration: 1s }`)
    ).toEqual([
      [2000, 4000, "primary", "flap#1"],
      [12000, 4000, "primary", "flap#2"],
      [22000, 4000, "primary", "flap#3"],
      [26000, 1000, "backup", "attack-1"],
    ]);
  });

  it("repeats without times: for as long as whole repeats fit in the run", async () => {
    const rows = await timeline(`  - { at: 10s, every: 20s, target: primary, fault: disable, duration: 5s }`);
    expect(rows.map((r) => r[0])).toEqual([10000, 30000, 50000]);
  });

  it("starts a parallel group's attacks together and a serial group's one after another", async () => {
    expect(
      await timeline(`
  - at: 5s
    parallel:
      - { target: primary, fault: disable, duration: 2s }
      - { at: 1s, target: backup, fault: disable, duration: 2s }
  - at: 30s
    serial:
      - { target: primary, fault: disable, duration: 2s }
      - { target: backup, fault: disable, duration: 3s }
      - { target: spare, fault: disable, duration: 1s }`)
    ).toEqual([
      [5000, 2000, "primary", "attack-0.0"],
      [6000, 2000, "backup", "attack-0.1"],
      [30000, 2000, "primary", "attack-1.0"],
      [32000, 3000, "backup", "attack-1.1"],
      [35000, 1000, "spare", "attack-1.2"],
    ]);
  });

  it("lets after: wait for a whole group, and repeats a group with every:/times:", async () => {
    expect(
      await timeline(`
  - id: wave
    at: 2s
    every: 20s
    times: 2
    serial:
      - { target: primary, fault: disable, duration: 2s }
      - { target: backup, fault: disable, duration: 3s }
  - { after: wave + 1s, target: spare, fault: disable, duration: 1s }`)
    ).toEqual([
      [2000, 2000, "primary", "wave.0#1"],
      [4000, 3000, "backup", "wave.1#1"],
      [22000, 2000, "primary", "wave.0#2"],
      [24000, 3000, "backup", "wave.1#2"],
      [28000, 1000, "spare", "attack-1"],
    ]);
  });

  it("expands a cloud or region target to every node in it, one attack per node", async () => {
    expect(
      await timeline(`
  - { id: aws, at: 1s, target: { cloud: aws }, fault: disable, duration: 1s }
  - { at: 3s, target: { region: us-central1 }, fault: disable, duration: 1s }`)
    ).toEqual([
      [1000, 1000, "primary", "aws@primary"],
      [1000, 1000, "spare", "aws@spare"],
      [3000, 1000, "backup", "attack-1"],
    ]);
  });

  it("draws random(N) targets from the seed: distinct nodes, the same ones for the same seed", async () => {
    const attacks = `  - { at: 1s, every: 5s, times: 8, target: random(2), fault: disable, duration: 1s }`;
    const a = await timeline(attacks, "seed: 5\n");
    const b = await timeline(attacks, "seed: 5\n");
    const c = await timeline(attacks, "seed: 6\n");
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(16);
    for (let i = 0; i < a.length; i += 2) expect(a[i]![2]).not.toBe(a[i + 1]![2]);
  });

  it("steps a ramp from its start value to its end value over the attack", async () => {
    const file = join(dir, `ramp.yaml`);
    writeFileSync(
      file,
      `${HEAD}attacks:\n  - { id: r, at: 10s, duration: 9s, target: primary, fault: latency, ` +
        `ramp: { param: ms, from: 50, to: 800, step: 2s } }\n`
    );
    const s = await loadScenario(file);
    expect(s.attacks.map((a) => [a.atMs, a.durationMs, a.params.ms, a.ramp?.step])).toEqual([
      [10000, 2000, 50, 1],
      [12000, 2000, 238, 2],
      [14000, 2000, 425, 3],
      [16000, 2000, 613, 4],
      [18000, 1000, 800, 5],
    ]);
    expect(new Set(s.attacks.map((a) => a.source))).toEqual(new Set(["r"]));
  });

  it("sorts the resolved timeline by start time", async () => {
    const rows = await timeline(`
  - { at: 30s, target: primary, fault: disable, duration: 1s }
  - { at: 3s, target: backup, fault: disable, duration: 1s }`);
    expect(rows.map((r) => r[0])).toEqual([3000, 30000]);
  });

  it("keeps an attack without duration until the run ends (durationMs null)", async () => {
    expect(await timeline(`  - { at: 50s, target: primary, fault: disable }`)).toEqual([
      [50000, null, "primary", "attack-0"],
    ]);
  });
});
