import type { Command } from "commander";
import { registerAudit } from "./audit.js";
import { registerCompare } from "./compare.js";
import { registerFleet } from "./fleet.js";
import { registerMerge } from "./merge.js";
import { registerConformance } from "./conformance.js";
import { registerReport } from "./report.js";
import { registerRun } from "./run.js";
import { registerServe } from "./serve.js";
import { registerValidate } from "./validate.js";

/** Every command of the CLI, in the order `--help` lists them. Adding a command is one file and one line here. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerRun,
  registerValidate,
  registerReport,
  registerCompare,
  registerMerge,
  registerConformance,
  registerServe,
  registerFleet,
  registerAudit,
];
