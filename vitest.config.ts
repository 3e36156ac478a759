import { defineConfig } from "vitest/config";

// One vitest run over every package, in three groups, one after another. On 2 cores vitest's
// default is one worker, so every file ran in turn, and the end-to-end files, which mostly wait on
// timers and child processes, left a core idle for minutes.
//   - unit: tests beside their source, one file at a time: several bound CPU time or throughput.
//   - e2e: packages/e2e files that judge only that a run completed and what it recorded, two at a
//     time; the example scenarios also play up to three runs at once (maxConcurrency).
//   - e2e-timed: packages/e2e files that judge timing (detection, failover, lateness, throughput
//     before a full disk), one at a time, so no other run shares their cores.
const shared = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: "forks" as const,
};

/** End-to-end files whose assertions are about time: they run alone. */
const TIMED_E2E = [
  "packages/e2e/test/systems-side-by-side.test.ts",
  "packages/e2e/test/run-hard-fault.test.ts",
  "packages/e2e/test/conformance.test.ts",
  "packages/e2e/test/eu-region-outage.test.ts",
  "packages/e2e/test/degradation-tiers.test.ts",
  "packages/e2e/test/long-conversations.test.ts",
  "packages/e2e/test/stream-resume.test.ts",
  "packages/e2e/test/system-failures.test.ts",
  "packages/e2e/test/attack-error.test.ts",
  "packages/e2e/test/persona-quota.test.ts",
  "packages/e2e/test/full-disk.test.ts",
  "packages/e2e/test/shards.test.ts",
  "packages/e2e/test/observability/dashboard.test.ts",
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
          maxWorkers: 1,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "e2e",
          include: ["packages/e2e/test/**/*.test.ts"],
          exclude: TIMED_E2E,
          maxWorkers: 2,
          maxConcurrency: 3,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...shared,
          name: "e2e-timed",
          include: TIMED_E2E,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
