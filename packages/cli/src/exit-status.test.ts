import { AnalyticsErrorCodes } from "@faultline/analytics";
import { ClientErrorCodes } from "@faultline/client";
import { CoreErrorCodes, FaultlineError } from "@faultline/core";
import { EventLogErrorCodes } from "@faultline/eventlog";
import { NodeErrorCodes } from "@faultline/node";
import { RunnerErrorCodes } from "@faultline/runner";
import { ScenarioErrorCodes } from "@faultline/scenario";
import { describe, expect, it } from "vitest";
import { CliErrorCodes } from "./errors.js";
import { ExitStatus, RUNTIME_CODES, exitStatusFor } from "./exit-status.js";

const everyCode = new Set<string>(
  [AnalyticsErrorCodes, ClientErrorCodes, CoreErrorCodes, EventLogErrorCodes, NodeErrorCodes, RunnerErrorCodes, ScenarioErrorCodes, CliErrorCodes].flatMap((t) => Object.values(t) as string[]),
);

describe("the exit-status table", () => {
  it("names only codes some package actually throws", () => {
    for (const code of RUNTIME_CODES) expect(everyCode, code).toContain(code);
  });

  it("maps an environment failure to 3 and every other faultline code to 2", () => {
    expect(exitStatusFor(new FaultlineError(NodeErrorCodes.LISTEN_FAILED, "port: in use"))).toBe(ExitStatus.RUNTIME_FAILURE);
    expect(exitStatusFor(new FaultlineError(RunnerErrorCodes.NODE_START_FAILED, "no ready"))).toBe(ExitStatus.RUNTIME_FAILURE);
    expect(exitStatusFor(new FaultlineError(EventLogErrorCodes.WRITE_FAILED, "disk full"))).toBe(ExitStatus.RUNTIME_FAILURE);
    expect(exitStatusFor(new FaultlineError(ScenarioErrorCodes.INVALID, "bad"))).toBe(ExitStatus.BAD_INPUT);
    expect(exitStatusFor(new Error("something else"))).toBe(ExitStatus.RUNTIME_FAILURE);
  });
});
