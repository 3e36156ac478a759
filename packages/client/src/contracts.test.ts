import { STRATEGY_NAMES } from "@faultline/contracts";
import { describe, expect, it } from "vitest";
import { STRATEGY_PRESETS } from "./strategies.js";

describe("the client against @faultline/contracts", () => {
  it("has a preset for exactly the strategy names of the contracts table", () => {
    expect(Object.keys(STRATEGY_PRESETS)).toEqual([...STRATEGY_NAMES]);
  });
});
