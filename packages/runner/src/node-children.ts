// @faultline/runner/node-children: forking the node processes of a run, light enough for the CLI to
// import before the rest of the runner, so the nodes load their modules while it loads its own.
import { fork, type ChildProcess } from "node:child_process";
import { NODE_CHILD_ENTRY } from "@faultline/node/child-protocol";
import type { Scenario } from "@faultline/scenario";

/**
 * Forks one node process. It loads its modules, then waits for the `start` message that names
 * the node (child.ts), so it can be forked before anyone knows which node it will be.
 */
export function forkNodeChild(): ChildProcess {
  return fork(NODE_CHILD_ENTRY, [], {
    // "advanced": the attempt log's batches carry a Float64Array, copied as bytes (see AttemptBatch).
    serialization: "advanced",
    // detached: a terminal's Ctrl-C goes to the whole foreground process group; the nodes
    // must survive it so the runner can revert and verify faults before stopping them.
    // They still exit when the IPC channel closes, so they never outlive the runner.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    detached: true,
  });
}

/** A node process that does not keep this one alive until a pass takes it. */
function forkSpare(): ChildProcess {
  const child = forkNodeChild();
  child.unref();
  child.channel?.unref();
  return child;
}

/** The nodes a run of `scenario` starts itself: those without a `url`. */
const nodesStartedBy = (scenario: Scenario): number => scenario.nodes.filter((n) => !n.url).length;

/**
 * Node processes forked ahead of the first pass: a node took 0.4-2 s from fork to ready (Node's
 * start-up, fastify and its modules), and forked by the pass it waited for the CLI to load the
 * runner and the analytics first. A spare does not keep the CLI alive, and exits with it if no
 * pass took it; the pass that takes one starts it as it would a fresh fork.
 */
export class SpareNodeChildren {
  private spares: ChildProcess[];

  /** Forks `count` node processes now. */
  constructor(count: number) {
    this.spares = Array.from({ length: count }, forkSpare);
  }

  /** One for each node of the scenario that the run starts itself (those without a `url`). */
  static forScenario(scenario: Scenario): SpareNodeChildren {
    return new SpareNodeChildren(nodesStartedBy(scenario));
  }

  /**
   * Spares forked before the scenario is read, so they load their modules while the CLI loads its own and validates
   * the scenario: two, as most scenarios start two nodes or more. fitTo makes up the difference once it is read.
   */
  static beforeTheScenario(): SpareNodeChildren {
    return new SpareNodeChildren(2);
  }

  /**
   * Forks or stops spares so there is one for each node `scenario` starts: for spares forked before the scenario
   * was read.
   */
  fitTo(scenario: Scenario): void {
    const wanted = nodesStartedBy(scenario);
    while (this.spares.length < wanted) this.spares.push(forkSpare());
    for (const extra of this.spares.splice(wanted)) extra.kill("SIGKILL");
  }

  /** A spare still running, now holding the CLI alive like any node; undefined when none is left. */
  take(): ChildProcess | undefined {
    for (let child = this.spares.shift(); child; child = this.spares.shift()) {
      if (child.exitCode !== null || child.signalCode !== null || !child.connected) continue;
      child.ref();
      child.channel?.ref();
      return child;
    }
    return undefined;
  }

  /** Stops the spares no pass took (a scenario whose nodes could not be started, say). */
  close(): void {
    for (const child of this.spares) child.kill("SIGKILL");
    this.spares = [];
  }
}
