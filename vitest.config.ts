import { defineConfig } from "vitest/config";

// One vitest run over every package: unit tests sit beside their source,
// end-to-end tests live in packages/e2e.
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/e2e/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Tests marked concurrent (the example scenarios) run at most this many at once on 2 cores.
    maxConcurrency: 3,
  },
});
