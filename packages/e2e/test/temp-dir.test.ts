import { basename } from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";

describe("the test run's temporary folder", () => {
  it("is the run's own (vitest.temp-dir.ts removes it at the end), so tests leave nothing in the system's /tmp", () => {
    expect(basename(tmpdir())).toMatch(/^faultline-tests-/);
  });
});
