import { defineConfig } from "vitest/config";

// One vitest run over every package, in two groups. On 2 cores vitest's default is one worker, so
// every file ran in turn, and the end-to-end files, which mostly wait on timers and child
// processes, left a core idle for minutes.
//   - unit: tests beside their source, one file at a time: several bound CPU time or throughput.
//   - e2e: packages/e2e, after the unit group, two files at a time; each runs the CLI in child
//     processes, and the example scenarios play up to three runs at once (maxConcurrency).
const shared = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: "forks" as const,
};

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
          maxWorkers: 2,
          // Tests marked concurrent (the example scenarios) run at most this many at once.
          maxConcurrency: 3,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
