import { defineConfig } from "vitest/config";

// One vitest run over every package, in three steps. On 2 cores vitest's default is one worker, so
// every file ran in turn, and the end-to-end files, which mostly wait on timers and child
// processes, left a core idle for minutes.
//   - first, side by side: unit (tests beside their source, two at a time; they judge behaviour on
//     fake clocks, not time) and e2e (packages/e2e files that judge only that a run completed and
//     what it recorded, two at a time; the example scenarios also play up to three runs at once).
//   - then paired: files that judge what a run recorded under faults whose timing matters (a resume
//     needs the stream cut mid-answer, a quota window to pass, a queued request its deadline), with
//     margins of hundreds of milliseconds, two at a time.
//   - last, timed: files whose assertions are about time (detection, failover, lateness, throughput, CPU
//     share, a node-side bound in milliseconds), one at a time, so no other test shares their cores.
const shared = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: "forks" as const,
};

/** Files that measure time, throughput or CPU share in real time: they run alone. */
const TIMED = [
  "packages/e2e/test/systems-side-by-side.test.ts",
  "packages/e2e/test/run-hard-fault.test.ts",
  "packages/e2e/test/conformance.test.ts",
  "packages/e2e/test/full-disk.test.ts",
  "packages/e2e/test/shards.test.ts",
  "packages/e2e/test/observability/dashboard.test.ts",
  "packages/client/src/node-faults.test.ts",
  "packages/client/src/transport/sse-lines.test.ts",
  "packages/node/src/http/sustained-overload.test.ts",
  "packages/node/src/faults/kinds/engine-faults.test.ts",
  "packages/node/src/proxy/proxy-stream-faults.test.ts",
  "packages/node/src/gpu/overload.test.ts",
];

/** End-to-end files that count what a run recorded under timing-dependent faults: two at a time. */
const PAIRED = [
  "packages/e2e/test/long-conversations.test.ts",
  "packages/e2e/test/degradation-tiers.test.ts",
  "packages/e2e/test/eu-region-outage.test.ts",
  "packages/e2e/test/stream-resume.test.ts",
  "packages/e2e/test/stream-splice.test.ts",
  "packages/e2e/test/system-failures.test.ts",
  "packages/e2e/test/attack-error.test.ts",
  "packages/e2e/test/persona-quota.test.ts",
  "packages/e2e/test/observability/request-logs.test.ts",
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["packages/*/src/**/*.test.ts"],
          exclude: TIMED,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "e2e",
          include: ["packages/e2e/test/**/*.test.ts"],
          exclude: [...TIMED, ...PAIRED],
          maxWorkers: 2,
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
          name: "timed",
          include: TIMED,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
