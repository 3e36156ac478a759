import type { Command } from "commander";
import { ExitStatus } from "../exit-status.js";

/** `faultline validate <scenario>`: reports every problem of a scenario file at once. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check scenario files without running them; every problem is reported as file:line: path: message")
    .argument("<scenario...>", "scenario files")
    .action(async (files: string[]) => {
      const { validateScenarioFile } = await import("@faultline/scenario");
      let bad = 0;
      for (const file of files) {
        const { problems } = await validateScenarioFile(file);
        if (problems.length === 0) process.stdout.write(`${file}: ok\n`);
        for (const p of problems) process.stderr.write(`${p}\n`);
        if (problems.length) bad++;
      }
      process.exitCode = bad ? ExitStatus.BAD_INPUT : ExitStatus.OK;
    });
}
