import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

// The Dockerfile and docker-compose.yml, checked without Docker (this machine has none; compose.test.ts runs
// `docker-compose config` where it exists, and the services' commands on this machine either way).
const root = join(import.meta.dirname, "..", "..", "..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n\s*/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));
const stages = instructions.reduce<string[][]>((acc, l) => {
  if (/^FROM /i.test(l)) acc.push([]);
  acc[acc.length - 1]?.push(l);
  return acc;
}, []);
const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, { ports?: string[]; environment?: Record<string, string>; healthcheck?: unknown }>;
};

describe("Dockerfile", () => {
  it("builds in one stage and ships another: production dependencies from pnpm deploy --prod, no toolchain", () => {
    expect(stages).toHaveLength(2);
    const [build, runtime] = stages as [string[], string[]];
    expect(build[0]).toMatch(/^FROM node:20\S* AS build$/);
    expect(build.some((l) => /pnpm --filter @faultline\/cli deploy --prod/.test(l))).toBe(true);
    expect(runtime.join("\n")).not.toMatch(/g\+\+|make|python3|pnpm install/);
    expect(runtime.some((l) => /^COPY --from=build \/out /.test(l))).toBe(true);
    expect(runtime.at(-1)).toBe('ENTRYPOINT ["node", "dist/bin.js"]');
  });

  it("runs as the unprivileged node user", () => {
    const runtime = stages[1]!;
    const user = runtime.findLast((l) => l.startsWith("USER "));
    expect(user).toBe("USER node");
    expect(runtime.indexOf(user!)).toBeLessThan(runtime.length - 1);
  });

  it("installs dependencies from the lockfile before it copies the source, so a source edit keeps that layer", () => {
    const build = stages[0]!;
    const lockfile = build.findIndex((l) => /^COPY pnpm-lock\.yaml /.test(l));
    const fetch = build.findIndex((l) => /^RUN pnpm fetch/.test(l));
    const source = build.findIndex((l) => l === "COPY . .");
    expect(lockfile).toBeGreaterThan(0);
    expect(fetch).toBeGreaterThan(lockfile);
    expect(source).toBeGreaterThan(fetch);
  });
});

describe("docker-compose.yml", () => {
  it("publishes every port on 127.0.0.1 unless FAULTLINE_PUBLISH_HOST says otherwise", () => {
    const ports = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const p of ports) expect(p).toMatch(/^\$\{FAULTLINE_PUBLISH_HOST:-127\.0\.0\.1\}:\d+:\d+$/);
  });

  it("takes the admin token from the environment, with no default", () => {
    const tokens = Object.values(compose.services).flatMap((s) =>
      s.environment?.FAULTLINE_ADMIN_TOKEN ? [s.environment.FAULTLINE_ADMIN_TOKEN] : []
    );
    expect(tokens.length).toBeGreaterThanOrEqual(3); // primary, backup, runner
    for (const t of tokens) expect(t).toMatch(/^\$\{FAULTLINE_ADMIN_TOKEN:\?[^}]+\}$/);
  });

  it("gives the gateway a healthcheck", () => {
    expect(compose.services.gateway!.healthcheck).toBeDefined();
  });
});
