import { describe, expect, it } from "vitest";
import type { Scenario } from "@faultline/scenario";
import { expectedRequests, freeSpaceWarning } from "./free-space.js";

const scenario = {
  durationMs: 10_000,
  strategies: ["none", "hedged"],
  load: { rate: 1000, rateEnd: 2000 },
} as unknown as Scenario;

describe("the free-space check before a run", () => {
  it("counts the requests of every pass at the mean of the rate ramp", () => {
    expect(expectedRequests(scenario, 3)).toBe(15_000 * 2 * 3);
  });

  it("warns with the folder, what is free and what the log needs when it will not fit", () => {
    const warning = freeSpaceWarning("/", scenario, 1, () => 2 * 1048576);
    expect(warning).toMatch(
      /^\/ has 2\.0 MiB free, and this run's events\.db is expected to need about \d+\.\d MiB \(30000 requests\)/
    );
  });

  it("stays quiet when the log fits, and when free space cannot be read", () => {
    expect(freeSpaceWarning("/", scenario, 1, () => 10 * 1024 ** 3)).toBeNull();
    expect(
      freeSpaceWarning("/", scenario, 1, () => {
        throw new Error("ENOSYS");
      })
    ).toBeNull();
  });

  it("measures the nearest folder that exists when the results folder is not made yet", () => {
    const asked: string[] = [];
    freeSpaceWarning("/nonexistent-faultline/results/deeper", scenario, 1, (dir) => {
      asked.push(dir);
      return 0;
    });
    expect(asked).toEqual(["/"]);
  });
});
