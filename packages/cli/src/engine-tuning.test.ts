import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ENGINE_FLAGS, tuneGcForRequestTraffic } from "./engine-tuning.js";
import { relaunchWithEngineFlags } from "./relaunch.js";

describe("tuneGcForRequestTraffic", () => {
  it("turns pretenuring off for the first holder and back on when the last one releases, once each", () => {
    const set: string[] = [];
    const record = (flags: string) => set.push(flags);
    const run = tuneGcForRequestTraffic(record);
    const gateway = tuneGcForRequestTraffic(record);
    expect(set).toEqual(["--no-allocation-site-pretenuring"]);
    run();
    run();
    expect(set).toEqual(["--no-allocation-site-pretenuring"]);
    gateway();
    expect(set).toEqual(["--no-allocation-site-pretenuring", "--allocation-site-pretenuring"]);
  });
});

describe("relaunchWithEngineFlags", () => {
  it("leaves commands that carry no traffic, and a process that already has the flags, alone", () => {
    expect(relaunchWithEngineFlags(["node", "bin.js", "validate", "s.yaml"], [])).toBe(false);
    expect(relaunchWithEngineFlags(["node", "bin.js", "--help"], [])).toBe(false);
    expect(relaunchWithEngineFlags(["node", "bin.js", "run", "s.yaml"], [...ENGINE_FLAGS])).toBe(false);
  });

  it("relaunches a traffic command started without the flags, which then runs and exits as usual", () => {
    const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
    const r = spawnSync(process.execPath, [bin, "node", "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--profile");
  });
});

describe("the binary's shebang", () => {
  it("starts node with exactly ENGINE_FLAGS, so an installed faultline is never relaunched", () => {
    const first = readFileSync(fileURLToPath(new URL("./bin.ts", import.meta.url)), "utf8").split("\n")[0]!;
    const [env, split, node, ...flags] = first.replace(/^#!/, "").split(" ");
    expect([env, split, node]).toEqual(["/usr/bin/env", "-S", "node"]);
    expect(flags).toEqual([...ENGINE_FLAGS]);
    expect(relaunchWithEngineFlags(["node", "bin.js", "run", "s.yaml"], flags)).toBe(false);
  });

  it("is executable after the build, so the kernel reads it", () => {
    const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
    const r = spawnSync(bin, ["--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("faultline");
  });
});
