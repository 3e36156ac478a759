/**
 * Holds a system-under-test process on a leash, so it never outlives the
 * runner. The runner forks this file with an IPC channel; it starts the
 * command in a process group of its own (stdout and stderr into the pass's
 * log) and kills that whole group when told to stop or when the channel
 * closes, which is also what happens when the runner is killed with -9.
 * Protocol (JSON over IPC):
 *   runner → leash  { type: "start", command, cwd, env, logPath }
 *   leash → runner  { type: "started", pid } | { type: "error", message } | { type: "exited", code, signal }
 *   runner → leash  { type: "stop" }
 */
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";

/** How long the group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;

interface StartMessage {
  type: "start";
  command: string[];
  cwd: string;
  env: Record<string, string>;
  logPath: string;
}

let child: ChildProcess | null = null;
let stopping = false;

function send(message: unknown, then?: () => void): void {
  if (process.connected) process.send!(message, undefined, {}, () => then?.());
  else then?.();
}

function killGroup(signal: NodeJS.Signals): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* the group is already gone */
  }
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  if (!child || child.exitCode !== null || child.signalCode !== null) process.exit(0);
  killGroup("SIGTERM");
  setTimeout(() => {
    killGroup("SIGKILL");
    process.exit(0);
  }, KILL_GRACE_MS).unref();
}

process.on("disconnect", stop);
process.on("SIGTERM", stop);
process.on("message", (m: StartMessage | { type: "stop" }) => {
  if (m.type === "stop") return stop();
  if (m.type !== "start" || child) return;
  let log: number;
  try {
    log = openSync(m.logPath, "a");
  } catch (err) {
    send({ type: "error", message: `cannot open the log ${m.logPath}: ${(err as Error).message}` }, () =>
      process.exit(2)
    );
    return;
  }
  const c = spawn(m.command[0]!, m.command.slice(1), {
    cwd: m.cwd,
    env: { ...process.env, ...m.env },
    detached: true,
    stdio: ["ignore", log, log],
  });
  child = c;
  c.once("spawn", () => send({ type: "started", pid: c.pid }));
  c.once("error", (err) => send({ type: "error", message: err.message }, () => process.exit(2)));
  c.once("exit", (code, signal) => {
    // The group may hold the command's own children: they go with it.
    killGroup("SIGKILL");
    send({ type: "exited", code, signal }, () => process.exit(0));
  });
});
