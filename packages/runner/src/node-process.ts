import type { ChildProcess } from "node:child_process";
import { FaultlineError } from "@faultline/core";
import type { AttemptBatch, NodeEvent } from "@faultline/node/child-protocol";
import type { NodeSpec } from "@faultline/scenario";
import { RUNNER_DEFAULTS } from "./defaults.js";
import { RunnerErrorCodes } from "./errors.js";
import { forkNodeChild, type SpareNodeChildren } from "./node-children.js";

/** Exit code the node's `crash` fault uses; anything else is an unexpected death. */
const CRASH_EXIT_CODE = 70;

/** What the runner needs from a node, started here or external. */
export interface ManagedNode {
  readonly name: string;
  /** Origin (no /v1). */
  readonly url: string;
  readonly adminUrl: string;
  readonly adminToken: string;
  /** The OS process id while running (null for external nodes). */
  pid(): number | null;
  /** False from a crash until the restarted process reports ready (always true for external nodes). */
  isReady(): boolean;
  stop(): Promise<void>;
}

interface ChildHooks {
  onEvent: (e: NodeEvent) => void;
  /** Receives the node's attempt log in batches (epoch-ms times). */
  onAttempts: (node: string, batch: AttemptBatch) => void;
  /** Called when the node died and when it came back (crash fault, container-style restart). */
  onLifecycle: (kind: "exited" | "restarted", detail: Record<string, unknown>) => void;
}

/**
 * Forks a node as a child process and keeps it alive across `crash` faults:
 * like a container restart policy, a crashed node is started again on the
 * same port after the delay its crash fault named. Its first process is one of `spares` when one
 * is left (forked ahead, SpareNodeChildren); a restart after a crash is always a fresh fork.
 */
export async function startNodeProcess(
  spec: NodeSpec,
  seed: number,
  adminToken: string,
  hooks: ChildHooks,
  spares?: SpareNodeChildren
): Promise<ManagedNode> {
  let child: ChildProcess | null = null;
  let stopping = false;
  let restartDelayMs: number = RUNNER_DEFAULTS.crashRestartDelayMs;
  let restartTimer: NodeJS.Timeout | undefined;
  let boundPort = 0;
  let ready = false;

  const launch = (port: number, spare?: ChildProcess) =>
    new Promise<number>((resolve, reject) => {
      const c = spare ?? forkNodeChild();
      child = c;
      const timer = setTimeout(
        () => fail(`node "${spec.name}" did not report ready within ${RUNNER_DEFAULTS.nodeStartTimeoutMs} ms`),
        RUNNER_DEFAULTS.nodeStartTimeoutMs
      );
      const fail = (message: string) => {
        clearTimeout(timer);
        c.kill("SIGKILL");
        reject(new FaultlineError(RunnerErrorCodes.NODE_START_FAILED, message, { field: `nodes.${spec.name}` }));
      };
      c.on(
        "message",
        (m: { type: string; port?: number; event?: NodeEvent; message?: string; batch?: AttemptBatch }) => {
          if (m.type === "attempts" && m.batch) hooks.onAttempts(spec.name, m.batch);
          else if (m.type === "ready") {
            clearTimeout(timer);
            boundPort = m.port!;
            ready = true;
            resolve(m.port!);
          } else if (m.type === "error") fail(`node "${spec.name}" failed to start: ${m.message}`);
          else if (m.type === "event" && m.event) {
            if (m.event.kind === "fault_applied" && m.event.detail["kind"] === "crash") {
              const d = Number(
                m.event.detail["restartDelayMs"] ??
                  (m.event.detail["params"] as Record<string, unknown> | undefined)?.["restartDelayMs"]
              );
              if (Number.isFinite(d)) restartDelayMs = d;
            }
            hooks.onEvent(m.event);
          }
        }
      );
      c.once("exit", (code, signal) => {
        clearTimeout(timer);
        ready = false;
        if (stopping) return;
        hooks.onLifecycle("exited", { code, signal, crash: code === CRASH_EXIT_CODE });
        // Back on the same port, like a container behind a fixed address: clients keep their URL.
        restartTimer = setTimeout(() => {
          launch(boundPort).then(
            () => hooks.onLifecycle("restarted", { port: boundPort }),
            (err: Error) => hooks.onLifecycle("exited", { restartFailed: err.message })
          );
        }, restartDelayMs);
      });
      c.send({
        type: "start",
        options: {
          name: spec.name,
          profile: spec.profile,
          persona: spec.persona,
          overrides: spec.overrides,
          port,
          host: "127.0.0.1",
          adminToken,
          seed,
          attempts: true,
        },
      });
    });

  const port = await launch(0, spares?.take());
  const url = `http://127.0.0.1:${port}`;
  return {
    name: spec.name,
    url,
    adminUrl: url,
    adminToken,
    pid: () => (child && child.exitCode === null ? (child.pid ?? null) : null),
    isReady: () => ready,
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      const c = child as ChildProcess | null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => c.kill("SIGKILL"), 2_000);
        c.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        c.kill("SIGTERM");
      });
    },
  };
}

/** An external node (`url:` in the scenario): used where it runs, never started or stopped. */
export function externalNode(spec: NodeSpec, adminToken: string): ManagedNode {
  const url = new URL(spec.url!).origin;
  return {
    name: spec.name,
    url,
    adminUrl: spec.adminUrl ?? url,
    adminToken,
    pid: () => null,
    isReady: () => true,
    stop: async () => {},
  };
}
