import type { Command } from "commander";
import { ExitStatus } from "../exit-status.js";

/** `faultline validate <scenario>`: reports every problem of a scenario file at once. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check scenario files without running them; every problem is reported as file:line: path: message")
    .argument("<scenario...>", "scenario files")
    .option("--json", 'print one JSON object: { ok, files: [{ file, ok, problems: ["file:line: path: message"] }] }')
    .action(async (files: string[], flags: { json?: boolean }) => {
      const { validateScenarioFile } = await import("@faultline/scenario");
      const results: Array<{ file: string; ok: boolean; problems: string[] }> = [];
      for (const file of files) {
        const { problems } = await validateScenarioFile(file);
        results.push({ file, ok: problems.length === 0, problems: [...problems] });
        if (flags.json) continue;
        if (problems.length === 0) process.stdout.write(`${file}: ok\n`);
        for (const p of problems) process.stderr.write(`${p}\n`);
      }
      const ok = results.every((r) => r.ok);
      if (flags.json) process.stdout.write(JSON.stringify({ ok, files: results }, null, 2) + "\n");
      process.exitCode = ok ? ExitStatus.OK : ExitStatus.BAD_INPUT;
    });
}
