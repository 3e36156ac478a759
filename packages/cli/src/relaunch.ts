import { spawn } from "node:child_process";
import { ENGINE_FLAGS } from "./engine-tuning.js";

/** The commands that carry request traffic: the only ones whose process ENGINE_FLAGS are for. */
const TRAFFIC_COMMANDS: ReadonlySet<string> = new Set(["run", "gateway", "node", "proxy"]);
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Starts this CLI again with ENGINE_FLAGS when a traffic command was started
 * without them, and returns true (the caller then does nothing else): V8 reads
 * heap-size flags only when it starts, so they cannot be set from inside. This
 * is what keeps the flags written in one place, instead of in the shebang, the
 * root package.json, the Dockerfile and the benchmarks. The child gets its own
 * process group, so a Ctrl-C reaches it once, through the forwarding here.
 */
export function relaunchWithEngineFlags(argv: readonly string[] = process.argv, execArgv: readonly string[] = process.execArgv): boolean {
  const command = argv.slice(2).find((a) => !a.startsWith("-"));
  const missing = ENGINE_FLAGS.filter((f) => !execArgv.includes(f));
  if (command === undefined || !TRAFFIC_COMMANDS.has(command) || missing.length === 0) return false;
  const child = spawn(process.execPath, [...missing, ...execArgv, ...argv.slice(1)], { stdio: "inherit", detached: true });
  const forward = (signal: NodeJS.Signals) => { child.kill(signal); };
  for (const s of FORWARDED) process.on(s, forward);
  child.on("exit", (code, signal) => {
    for (const s of FORWARDED) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
  return true;
}
