import { spawn } from "node:child_process";
import { ENGINE_FLAGS } from "./engine-tuning.js";

/** The commands that carry request traffic: the only ones whose process ENGINE_FLAGS are for. */
const TRAFFIC_COMMANDS: ReadonlySet<string> = new Set(["run", "conformance", "gateway", "node", "proxy"]);
/**
 * Signals a terminal or a supervisor sends to the launcher alone; Ctrl-C's SIGINT reaches the whole foreground group,
 * the relaunched CLI included.
 */
const FORWARDED = ["SIGTERM", "SIGHUP"] as const;
/** Set in the relaunched CLI's environment, so it knows to watch its launcher. */
const RELAUNCHED_ENV = "FAULTLINE_RELAUNCHED";

/**
 * Starts this CLI again with ENGINE_FLAGS when a traffic command was started
 * without them, and returns true (the caller then does nothing else): V8 reads
 * heap-size flags only when it starts, so they cannot be set from inside. This
 * is what keeps the flags written in one place, instead of in the shebang, the
 * root package.json, the Dockerfile and the benchmarks. The relaunched CLI
 * stays in the launcher's process group (so Ctrl-C reaches it once, from the
 * terminal) and holds an IPC channel to it: if the launcher is killed with -9,
 * the channel closes and the relaunched CLI stops as on SIGTERM (watchLauncher).
 */
export function relaunchWithEngineFlags(
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv
): boolean {
  const command = argv.slice(2).find((a) => !a.startsWith("-"));
  const missing = ENGINE_FLAGS.filter((f) => !execArgv.includes(f));
  if (command === undefined || !TRAFFIC_COMMANDS.has(command) || missing.length === 0) return false;
  const child = spawn(process.execPath, [...missing, ...execArgv, ...argv.slice(1)], {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: { ...process.env, [RELAUNCHED_ENV]: "1" },
  });
  const forward = (signal: NodeJS.Signals) => {
    child.kill(signal);
  };
  // The terminal's SIGINT already reached the relaunched CLI; the launcher only waits for it to finish.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  for (const s of FORWARDED) process.on(s, forward);
  child.on("exit", (code, signal) => {
    process.off("SIGINT", ignore);
    for (const s of FORWARDED) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
  return true;
}

/**
 * In a relaunched CLI: stop as on SIGTERM (faults reverted, nodes stopped, the
 * partial run reported) when the launcher goes away, so a `kill -9` of the
 * process the user started leaves nothing running. The channel does not keep
 * the process alive.
 */
export function watchLauncher(): void {
  if (process.env[RELAUNCHED_ENV] !== "1" || !process.connected) return;
  process.channel?.unref();
  process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
}
