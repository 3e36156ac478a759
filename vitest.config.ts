import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// One vitest run over every package, in three steps. On 2 cores vitest's default is one worker, so
// every file ran in turn, and the end-to-end files, which mostly wait on timers and child
// processes, left a core idle for minutes.
//   - first, side by side: unit (tests beside their source; they judge behaviour on fake clocks, not
//     time) and e2e (packages/e2e files that judge only that a run completed and what it recorded;
//     each example-scenarios file plays three runs at once), three files at a time. Unit files
//     share their workers' module cache (isolate: false): re-importing every package for each of
//     ~150 files was most of their CPU.
//   - then paired: files that judge what a run recorded under faults whose timing matters (a resume
//     needs the stream cut mid-answer, a quota window to pass, a queued request its deadline), with
//     margins of hundreds of milliseconds, two at a time.
//   - then light timed: files whose assertions are about time but which each use under half a core (a
//     real-time run at 100-200 req/s), two at a time: together they still leave a core idle.
//   - last, timed: files whose assertions are about time (detection, failover, lateness, throughput, CPU
//     share, a node-side bound in milliseconds), one at a time, so no other test shares their cores.
/**
 * Each step's longest files, started first so the rest fill the other workers around them.
 * Vitest orders by its duration cache, which a clean clone (CI) does not have; it then falls back to
 * file size, project by project, and started the tiny example-scenarios files last.
 */
const LONGEST_FIRST = [
  "packages/e2e/test/example-scenarios-1.test.ts",
  "packages/e2e/test/example-scenarios-2.test.ts",
  "packages/e2e/test/systems-side-by-side.test.ts",
];

/**
 * Vitest's order within each group, with LONGEST_FIRST ahead and then the group's projects taken
 * in turn: in the first step an e2e file, which mostly waits on its runs' timers, then a unit file,
 * which computes, so the two cores stay busy instead of running all of one project, then the other.
 */
class InterleavingSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    const groups = [...new Set(sorted.map((spec) => spec.project.config.sequence.groupOrder))].sort((a, b) => a - b);
    return groups.flatMap((group) => {
      const inGroup = sorted.filter((spec) => spec.project.config.sequence.groupOrder === group);
      const first = inGroup.filter((spec) => rank(spec) < LONGEST_FIRST.length).sort((a, b) => rank(a) - rank(b));
      const byProject = new Map<string, TestSpecification[]>();
      for (const spec of inGroup) {
        if (rank(spec) < LONGEST_FIRST.length) continue;
        const name = spec.project.name;
        byProject.set(name, [...(byProject.get(name) ?? []), spec]);
      }
      const queues = [...byProject.values()];
      const turns: TestSpecification[] = [];
      for (let i = 0; turns.length + first.length < inGroup.length; i++) {
        for (const queue of queues) if (i < queue.length) turns.push(queue[i]!);
      }
      return [...first, ...turns];
    });
  }
}

const shared = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: "forks" as const,
};

/**
 * Files that judge time in real time but each use under half a core, measured alone with /usr/bin/time (CPU seconds
 * over wall seconds): two of them share the 2 cores without competing for one.
 */
const TIMED_LIGHT = [
  // 12 CPU s in 29 s: two 12 s passes at 100 req/s. Bounds the attack's start at 25 ms of its plan.
  "packages/e2e/test/run-hard-fault.test.ts",
  // 10 CPU s in 25 s. Judges that only the first turn after a failover is slower to its first token than the
  // conversation's warm turns (by over 20% of a ~270 ms warm turn); beside the paired step's files (eu-region-outage
  // takes a whole core: 21 CPU s in 22 s), CPU contention once made the second turn read cold too. Beside the two
  // files here, in four runs, the second turn read -16 to +18 ms against a 54 ms line.
  "packages/e2e/test/long-conversations.test.ts",
  // 7 CPU s in 20 s: failover, failback and stall deadlines on real sockets at 100-200 req/s.
  "packages/client/src/node-faults.test.ts",
];

/** Files that measure time, throughput or CPU share in real time: they run alone. */
const TIMED = [
  "packages/e2e/test/conformance.test.ts",
  "packages/e2e/test/full-disk.test.ts",
  "packages/e2e/test/shards.test.ts",
  "packages/client/src/transport/sse-lines.test.ts",
  "packages/node/src/http/sustained-overload.test.ts",
  "packages/node/src/faults/kinds/engine-faults.test.ts",
  "packages/node/src/proxy/proxy-stream-faults.test.ts",
  "packages/node/src/gpu/overload.test.ts",
];

/** End-to-end files that count what a run recorded under timing-dependent faults: two at a time. */
const PAIRED = [
  "packages/e2e/test/degradation-tiers.test.ts",
  "packages/e2e/test/eu-region-outage.test.ts",
  "packages/e2e/test/stream-resume.test.ts",
  "packages/e2e/test/stream-splice.test.ts",
  "packages/e2e/test/system-failures.test.ts",
  "packages/e2e/test/attack-error.test.ts",
  "packages/e2e/test/persona-quota.test.ts",
  "packages/e2e/test/observability/request-logs.test.ts",
  // Waits on Prometheus's scrapes (1 s apart) and judges only that every panel's query has data.
  "packages/e2e/test/observability/dashboard.test.ts",
  // Bounds detection and failover at 1 s, and compares two views of one pass (white- and black-box) with each other.
  "packages/e2e/test/systems-side-by-side.test.ts",
  // Judges that the compose gateway kept answering through the primary's outage: three at a time beside the example
  // runs, its backup's first tokens slowed past half the 2 s first-byte deadline, and the gateway's adaptive
  // concurrency limit read that as a queue and shed the rest of the pass (in one of this stop's full runs on 2 cores).
  "packages/e2e/test/compose.test.ts",
];

export default defineConfig({
  test: {
    // One temporary folder for the run, removed at its end (vitest.temp-dir.ts).
    globalSetup: ["./vitest.temp-dir.ts"],
    sequence: { sequencer: InterleavingSequencer },
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["packages/*/src/**/*.test.ts"],
          exclude: [...TIMED, ...TIMED_LIGHT],
          isolate: false,
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "e2e",
          include: ["packages/e2e/test/**/*.test.ts"],
          exclude: [...TIMED, ...TIMED_LIGHT, ...PAIRED],
          maxWorkers: 3,
          maxConcurrency: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "paired",
          include: PAIRED,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...shared,
          name: "timed-light",
          include: TIMED_LIGHT,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          ...shared,
          name: "timed",
          include: TIMED,
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
