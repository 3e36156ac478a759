import { describe, expect, it } from "vitest";
import { DEFAULT_LOG_LEVEL, resolveLogLevel } from "./logger.js";

describe("resolveLogLevel", () => {
  it("takes the flag over the environment, and the default when neither says", () => {
    expect(resolveLogLevel("debug", "warn")).toBe("debug");
    expect(resolveLogLevel(undefined, "warn")).toBe("warn");
    expect(resolveLogLevel(undefined, undefined)).toBe(DEFAULT_LOG_LEVEL);
  });

  it("refuses an unknown level with a usage error naming where it came from", () => {
    expect(() => resolveLogLevel("loud", undefined)).toThrow(
      expect.objectContaining({ code: "FAULTLINE_CLI_USAGE", message: expect.stringMatching(/^--log-level: "loud"/) })
    );
    expect(() => resolveLogLevel(undefined, "verbose")).toThrow(/^FAULTLINE_LOG_LEVEL: "verbose" is not a log level/);
  });
});
