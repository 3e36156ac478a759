import { describe, expect, it } from "vitest";
import { exposureWarning } from "./exposure.js";

describe("exposureWarning", () => {
  it("warns that the admin API is reachable when a node listens beyond loopback", () => {
    for (const host of ["0.0.0.0", "::", "10.0.0.5"])
      expect(exposureWarning(host)).toMatch(/admin API .* reachable from the network/);
  });

  it("says nothing on loopback", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "::1", "localhost"]) expect(exposureWarning(host)).toBeNull();
  });
});
