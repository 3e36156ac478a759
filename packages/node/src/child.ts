/**
 * The process the runner forks for each node. Protocol (IPC, "advanced" serialisation):
 *   runner → child  { type: "start", options }            NodeOptions without onEvent
 *   child → runner  { type: "ready", port, adminToken }
 *   child → runner  { type: "event", event }              every NodeEvent
 *   child → runner  { type: "attempts", batch }           the attempt log, in batches (when options.attempts;
 *                                                         needs "advanced" serialization)
 *   child → runner  { type: "error", code, message }       startup failed; exit 2
 * The child exits when the IPC channel closes, so a node never outlives a
 * runner killed with -9, and exits 70 on the crash fault (the runner restarts it).
 */
import { performance } from "node:perf_hooks";
import { isFaultlineError } from "@faultline/core";
import { startNode } from "./start-node.js";
import type { NodeOptions } from "./node-options.js";
import type { NodeEvent } from "./sim-node.js";
import type { AttemptBatch } from "./attempt-log.js";

/** Exit status of the crash fault (EX_SOFTWARE). */
export const CRASH_EXIT_CODE = 70;

function send(message: unknown, then?: () => void): void {
  if (process.connected) process.send!(message, undefined, {}, () => then?.());
  else then?.();
}

if (!process.send) {
  console.error("@faultline/node child: must be started with child_process.fork (needs an IPC channel)");
  process.exit(2);
}

process.on("disconnect", () => process.exit(0));

process.once("message", (msg: { type?: string; options?: NodeOptions }) => {
  if (msg?.type !== "start" || typeof msg.options !== "object") {
    send(
      {
        type: "error",
        code: "FAULTLINE_NODE_OPTIONS_INVALID",
        message: 'first message must be {type:"start", options}',
      },
      () => process.exit(2)
    );
    return;
  }
  const { attempts, ...rest } = msg.options as NodeOptions & { attempts?: boolean };
  const options: NodeOptions = {
    ...rest,
    // The child is its own process: its /metrics (merged into `faultline run --metrics-port`) reports it.
    processMetrics: true,
    onEvent: (event: NodeEvent) => send({ type: "event", event }),
    ...(attempts ? { onAttempts: (batch: AttemptBatch) => send({ type: "attempts", batch }) } : {}),
  };
  // A crash is a real exit: flush what is queued on the channel first, then go.
  const crash = (restartDelayMs: number): void => {
    const event: NodeEvent = {
      epochMs: performance.timeOrigin + performance.now(),
      node: options.name,
      kind: "exited",
      detail: { reason: "crash", code: CRASH_EXIT_CODE, restartDelayMs },
    };
    // The short wait lets the admin API answer 201 before the process goes.
    setTimeout(() => send({ type: "event", event }, () => process.exit(CRASH_EXIT_CODE)), 20);
  };
  startNode(options, { crash }).then(
    (node) => {
      // The runner stops a node with SIGTERM: close it first, so the last batch of its attempt log is sent.
      process.once("SIGTERM", () => {
        node.close().finally(() => send({ type: "stopped" }, () => process.exit(0)));
      });
      send({ type: "ready", port: node.port, adminToken: node.adminToken });
    },
    (err: unknown) => {
      const code = isFaultlineError(err) ? err.code : "FAULTLINE_NODE_START_FAILED";
      send({ type: "error", code, message: err instanceof Error ? err.message : String(err) }, () => process.exit(2));
    }
  );
});
