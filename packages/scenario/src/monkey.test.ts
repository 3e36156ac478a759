import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatTimeline, loadScenario } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "faultline-monkey-"));
const file = join(dir, "monkey.yaml");
writeFileSync(
  file,
  `name: m
duration: 300s
seed: 42
nodes:
  primary: { profile: zero }
  backup:  { profile: zero }
  spare:   { profile: zero }
attacks:
  - { id: fixed, at: 1s, target: primary, fault: disable, duration: 1s }
  - monkey:
      id: chaos
      from: 10s
      until: 290s
      every: 5s
      targets: [primary, backup]
      faults:
        - { fault: disable, weight: 1, duration: 2s }
        - { fault: latency, weight: 3, ms: 200, duration: 3s }
`
);

const drawn = (s: Awaited<ReturnType<typeof loadScenario>>) => s.attacks.filter((a) => a.source === "chaos");

describe("a monkey block", () => {
  it("gives the identical timeline for an identical seed", async () => {
    const a = await loadScenario(file);
    const b = await loadScenario(file);
    expect(formatTimeline(a)).toBe(formatTimeline(b));
    expect(drawn(a).length).toBeGreaterThan(20);
  });

  it("gives a different timeline for a different seed, and --seed overrides the file", async () => {
    const a = await loadScenario(file);
    const b = await loadScenario(file, { seed: 43 });
    expect(b.seed).toBe(43);
    expect(drawn(b).map((x) => x.atMs)).not.toEqual(drawn(a).map((x) => x.atMs));
  });

  it("keeps every draw inside from..until, on the listed targets, with the listed faults and params", async () => {
    for (const a of drawn(await loadScenario(file))) {
      expect(a.atMs).toBeGreaterThanOrEqual(10_000);
      expect(a.atMs + a.durationMs!).toBeLessThanOrEqual(290_000);
      expect(["primary", "backup"]).toContain(a.target);
      if (a.fault === "latency") expect([a.params, a.durationMs]).toEqual([{ ms: 200 }, 3000]);
      else expect([a.fault, a.durationMs]).toEqual(["disable", 2000]);
    }
  });

  it("draws with a mean interval near every: and faults in proportion to their weights", async () => {
    const draws = drawn(await loadScenario(file));
    const meanGap = (draws.at(-1)!.atMs - 10_000) / draws.length;
    expect(meanGap).toBeGreaterThan(3500);
    expect(meanGap).toBeLessThan(6500);
    const latencyShare = draws.filter((d) => d.fault === "latency").length / draws.length;
    expect(latencyShare).toBeGreaterThan(0.55);
    expect(latencyShare).toBeLessThan(0.95);
  });

  it("scales its draws with the time scale rather than drawing a new timeline", async () => {
    const full = drawn(await loadScenario(file));
    const short = drawn(await loadScenario(file, { timeScale: 0.1 }));
    expect(short.map((a) => a.atMs)).toEqual(full.map((a) => Math.round(a.atMs * 0.1)));
  });
});
