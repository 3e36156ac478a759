import { Command, CommanderError } from "commander";
import { FaultlineError } from "@faultline/core";
import { COMMANDS } from "./commands/index.js";
import { CliErrorCodes } from "./errors.js";
import { ExitStatus, exitStatusFor, formatError } from "./exit-status.js";

/** Builds the commander program with every command registered. */
export function buildProgram(): Command {
  const program = new Command("faultline")
    .description("an open testbed for LLM inference failover")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  for (const register of COMMANDS) register(program);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: () => {} });
  return program;
}

/** Runs the CLI with `argv`; resolves to the exit status. Never throws, never prints a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : ExitStatus.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help")
        return ExitStatus.OK;
      // Commander wraps errors thrown by our flag parsers; unwrap them to keep their code and message.
      const cause = (err as { cause?: unknown }).cause;
      const e =
        cause instanceof FaultlineError
          ? cause
          : new FaultlineError(CliErrorCodes.USAGE, err.message.replace(/^error: /, ""));
      process.stderr.write(formatError(e) + "\n");
      return ExitStatus.BAD_INPUT;
    }
    process.stderr.write(formatError(err) + "\n");
    return exitStatusFor(err);
  }
}
