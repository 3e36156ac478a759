import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS } from "./defaults.js";
import { CONNECTION_POOL_DEFAULTS } from "./connection-pool.js";
import { ClientErrorCodes } from "./errors.js";
import { strategyNames } from "./strategies.js";
import { GATEWAY_LIMITS } from "./gateway/limits.js";
import { FAILURE_CLASSES } from "./failure-classes.js";

const docs = readFileSync(new URL("../../../docs/client.md", import.meta.url), "utf8");

describe("docs/client.md", () => {
  it("documents every option with its default", () => {
    const undocumented = Object.keys(DEFAULT_OPTIONS).filter((k) => !docs.includes(`| \`${k}\` |`));
    expect(undocumented).toEqual([]);
    expect(Object.keys(CONNECTION_POOL_DEFAULTS).filter((k) => !docs.includes(`| \`${k}\` |`))).toEqual([]);
  });

  it("lists every failure class in the failure-classes table, and no other", () => {
    const table = docs.split("## Failure classes")[1]!.split("\n## ")[0]!;
    const listed = new Set([...table.matchAll(/\| `([a-z_0-9]+)` \|/g)].map((m) => m[1]));
    expect([...listed].sort()).toEqual(Object.keys(FAILURE_CLASSES).sort());
  });

  it("lists every error code and every strategy", () => {
    expect(Object.values(ClientErrorCodes).filter((c) => !docs.includes(c))).toEqual([]);
    expect(strategyNames().filter((s) => !docs.includes(`| \`${s}\` |`))).toEqual([]);
  });
});

describe("docs/LIMITS.md", () => {
  const limits = readFileSync(new URL("../../../docs/LIMITS.md", import.meta.url), "utf8");
  it("lists every gateway limit and the client's size limits", () => {
    const keys = [...Object.keys(GATEWAY_LIMITS).filter((k) => k !== "keepAliveTimeoutMs"), "maxResponseBytes", "maxSseLineBytes"];
    expect(keys.filter((k) => !limits.includes(`| \`${k}\` |`))).toEqual([]);
  });
});
