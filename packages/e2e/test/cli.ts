import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built CLI entry, as `pnpm faultline` runs it. */
const CLI = fileURLToPath(new URL("../../cli/dist/bin.js", import.meta.url));

/** The Node flags `pnpm faultline` runs the CLI with (the root package.json's script), so tests run what users run. */
const CLI_NODE_FLAGS: string[] = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")).scripts.faultline.split(/\s+/).filter((t: string) => t.startsWith("--"));

/** Starts the CLI in a child process the way `pnpm faultline` does (same Node flags). */
export function spawnCli(args: string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, [...CLI_NODE_FLAGS, CLI, ...args], options);
}

/** Runs the CLI in a child process; resolves with its exit status and output. */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FAULTLINE_DEBUG: "", ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d));
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`faultline ${args.join(" ")} timed out\n${stderr}`)); }, options.timeoutMs ?? 60_000);
    child.on("exit", (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}
