import { AnalyticsErrorCodes } from "@faultline/analytics";
import { ClientErrorCodes } from "@faultline/client";
import { ConformanceErrorCodes } from "@faultline/conformance";
import { ERROR_CODES, errorCodesOf, type ErrorOwner } from "@faultline/contracts";
import { CoreErrorCodes, FaultlineError } from "@faultline/core";
import { EventLogErrorCodes } from "@faultline/eventlog";
import { FleetErrorCodes } from "@faultline/fleet";
import { NodeErrorCodes } from "@faultline/node";
import { RunnerErrorCodes } from "@faultline/runner";
import { ScenarioErrorCodes } from "@faultline/scenario";
import { describe, expect, it } from "vitest";
import { CliErrorCodes } from "./errors.js";
import { ExitStatus, exitStatusFor } from "./exit-status.js";

const packageTables: Record<ErrorOwner, Record<string, string>> = {
  analytics: AnalyticsErrorCodes,
  client: ClientErrorCodes,
  core: CoreErrorCodes,
  eventlog: EventLogErrorCodes,
  node: NodeErrorCodes,
  runner: RunnerErrorCodes,
  scenario: ScenarioErrorCodes,
  fleet: FleetErrorCodes,
  conformance: ConformanceErrorCodes,
  cli: CliErrorCodes,
};

describe("the error-code table", () => {
  it("holds exactly the codes each package's errors.ts exports, under that package", () => {
    for (const [owner, table] of Object.entries(packageTables)) {
      expect(Object.values(table).sort(), owner).toEqual(errorCodesOf(owner as ErrorOwner).sort());
    }
  });

  it("maps an environment failure to 3 and an input error to 2", () => {
    expect(exitStatusFor(new FaultlineError(NodeErrorCodes.LISTEN_FAILED, "port: in use"))).toBe(
      ExitStatus.RUNTIME_FAILURE
    );
    expect(exitStatusFor(new FaultlineError(RunnerErrorCodes.NODE_START_FAILED, "no ready"))).toBe(
      ExitStatus.RUNTIME_FAILURE
    );
    expect(exitStatusFor(new FaultlineError(EventLogErrorCodes.WRITE_FAILED, "disk full"))).toBe(
      ExitStatus.RUNTIME_FAILURE
    );
    expect(exitStatusFor(new FaultlineError(ScenarioErrorCodes.INVALID, "bad"))).toBe(ExitStatus.BAD_INPUT);
    expect(exitStatusFor(new Error("something else"))).toBe(ExitStatus.RUNTIME_FAILURE);
  });

  it("gives every code the status its row names", () => {
    for (const [code, row] of Object.entries(ERROR_CODES))
      expect(exitStatusFor(new FaultlineError(code, "x")), code).toBe(row.exit);
  });
});
