import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ENGINE_FLAGS } from "@faultline/cli/engine-tuning";

/** The built CLI entry, as `pnpm faultline` runs it. */
const CLI = fileURLToPath(new URL("../../cli/dist/bin.js", import.meta.url));

/**
 * Starts the CLI in a child process with the V8 flags `faultline` runs with (ENGINE_FLAGS), given
 * up front so the CLI does not relaunch itself: a test that kills the process then kills the run.
 */
export function spawnCli(args: string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, [...ENGINE_FLAGS, CLI, ...args], options);
}

/** Runs the CLI in a child process; resolves with its exit status and output. */
export function runCli(
  args: string[],
  options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, {
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FAULTLINE_DEBUG: "", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d));
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`faultline ${args.join(" ")} timed out\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
