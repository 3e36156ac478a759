import { describe, expect, it } from "vitest";
import { tuneGcForRequestTraffic } from "./engine-tuning.js";

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
