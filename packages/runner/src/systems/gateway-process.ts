import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { FaultlineError } from "@faultline/core";
import { RUNNER_DEFAULTS } from "../defaults.js";
import { RunnerErrorCodes } from "../errors.js";

const LEASH_ENTRY = fileURLToPath(new URL("./leash.js", import.meta.url));

/** A gateway process to start, with every placeholder filled. */
export interface GatewayLaunch {
  name: string;
  command: string[];
  cwd: string;
  env: Record<string, string>;
  /** Where its stdout and stderr go. */
  logPath: string;
  /** Polled until it answers below 500. */
  readyUrl: string;
  readyTimeoutMs: number;
}

/** A started gateway; `stop` ends it and its process group. */
export interface RunningGateway {
  /** Called once if the gateway exits before stop() (a gateway that dies mid-pass). */
  onDeath(listener: (message: string) => void): void;
  stop(): Promise<void>;
}

/** The last lines of a system's log, for an error message. */
export function logTail(path: string, lines = RUNNER_DEFAULTS.systemLogTailLines): string {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return "(no log)";
  }
  const tail = text.trimEnd().split("\n").slice(-lines);
  return tail.length === 0 || tail[0] === "" ? "(the log is empty)" : tail.map((l) => `  | ${l}`).join("\n");
}

/**
 * Starts a gateway on a leash (see leash.ts), waits until its ready URL
 * answers, and hands back a way to stop it. A command that does not start, a
 * process that exits first and a ready URL that never answers each fail with
 * a code of their own and the log's last lines.
 */
export async function startGatewayProcess(g: GatewayLaunch): Promise<RunningGateway> {
  const leash = fork(LEASH_ENTRY, [], {
    serialization: "json",
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    detached: true,
  });
  // A message sent just as the leash dies fails with EPIPE, raised as an 'error' event that would
  // otherwise take the runner down. Its exit is what the runner acts on (the 'exit' and 'exited'
  // handlers below), so the failed send itself needs no more than this.
  leash.on("error", () => undefined);
  let pid: number | null = null;
  let exited: string | null = null;
  let stopping = false;
  let deathListener: ((message: string) => void) | null = null;
  const fail = (code: string, what: string) =>
    new FaultlineError(code, `system "${g.name}": ${what}; last lines of ${g.logPath}:\n${logTail(g.logPath)}`, {
      field: `systems.${g.name}`,
    });
  const started = new Promise<void>((resolve, reject) => {
    leash.on(
      "message",
      (m: { type: string; pid?: number; message?: string; code?: number | null; signal?: string | null }) => {
        if (m.type === "started") {
          pid = m.pid ?? null;
          resolve();
        } else if (m.type === "error")
          reject(
            fail(RunnerErrorCodes.SYSTEM_START_FAILED, `could not start ${JSON.stringify(g.command[0])} (${m.message})`)
          );
        else if (m.type === "exited") {
          exited = m.signal ? `killed by ${m.signal}` : `exited with status ${m.code}`;
          if (!stopping)
            deathListener?.(fail(RunnerErrorCodes.SYSTEM_DIED, `the gateway ${exited} during the pass`).message);
        }
      }
    );
    leash.once("exit", () =>
      reject(fail(RunnerErrorCodes.SYSTEM_START_FAILED, "its leash process ended before the command started"))
    );
  });
  leash.send({ type: "start", command: g.command, cwd: g.cwd, env: g.env, logPath: g.logPath });
  const stop = () =>
    stopLeash(
      leash,
      () => pid,
      () => {
        stopping = true;
      }
    );
  try {
    await started;
    await waitReady(g, () => exited, fail);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    onDeath: (listener) => {
      deathListener = listener;
    },
    stop,
  };
}

async function waitReady(
  g: GatewayLaunch,
  exited: () => string | null,
  fail: (code: string, what: string) => FaultlineError
): Promise<void> {
  const deadline = Date.now() + g.readyTimeoutMs;
  for (;;) {
    const gone = exited();
    if (gone) throw fail(RunnerErrorCodes.SYSTEM_START_FAILED, `the gateway ${gone} before ${g.readyUrl} answered`);
    try {
      const res = await request(g.readyUrl, { method: "GET", headersTimeout: 1_000, bodyTimeout: 1_000 });
      await res.body.dump();
      if (res.statusCode < 500) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() >= deadline)
      throw fail(
        RunnerErrorCodes.SYSTEM_NOT_READY,
        `${g.readyUrl} did not answer below 500 within ${g.readyTimeoutMs} ms (raise readyTimeout:, or check ready:)`
      );
    await new Promise((r) => setTimeout(r, RUNNER_DEFAULTS.systemReadyPollMs));
  }
}

/** Asks the leash to stop the group; kills the group itself if the leash does not go in time. */
function stopLeash(leash: ChildProcess, pid: () => number | null, markStopping: () => void): Promise<void> {
  markStopping();
  if (leash.exitCode !== null || leash.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      const p = pid();
      if (p !== null) {
        try {
          process.kill(-p, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
      leash.kill("SIGKILL");
    }, RUNNER_DEFAULTS.systemStopTimeoutMs);
    leash.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    if (leash.connected) leash.send({ type: "stop" });
    else leash.kill("SIGTERM");
  });
}
