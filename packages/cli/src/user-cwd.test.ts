import { describe, expect, it } from "vitest";
import { userCwd } from "./user-cwd.js";

describe("userCwd", () => {
  it("is the folder the user stood in when `pnpm faultline` started the CLI in the repository root", () => {
    const env = { npm_lifecycle_event: "faultline", npm_package_name: "faultline-monorepo", INIT_CWD: "/repo/docs" };
    expect(userCwd(env, "/repo")).toBe("/repo/docs");
  });

  it("is the process's folder when the binary is run directly", () => {
    expect(userCwd({ INIT_CWD: "/somewhere" }, "/home/sre/chaos")).toBe("/home/sre/chaos");
  });

  it("is the process's folder in someone else's npm script, whose paths are relative to their package", () => {
    const env = { npm_lifecycle_event: "chaos", npm_package_name: "their-service", INIT_CWD: "/their/sub" };
    expect(userCwd(env, "/their")).toBe("/their");
  });
});
