import { readFileSync } from "node:fs";
import { codeWords, tableAfter } from "@faultline/contracts";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS } from "./defaults.js";
import { CONNECTION_POOL_DEFAULTS } from "./connection-pool.js";
import { ClientErrorCodes } from "./errors.js";
import { strategyNames } from "./strategies.js";
import { GATEWAY_LIMITS } from "./gateway/limits.js";

const docs = readFileSync(new URL("../../../docs/client.md", import.meta.url), "utf8");
const firstColumn = (heading: string) => tableAfter(docs, heading).flatMap((r) => codeWords(r[0]!));

// Both ways: a row for every option, and no row for an option that is gone.
describe("docs/client.md", () => {
  it("documents exactly the options, with their defaults", () => {
    expect(firstColumn("## Options, defaults and why").sort()).toEqual(Object.keys(DEFAULT_OPTIONS).sort());
    expect(firstColumn("(`CONNECTION_POOL_DEFAULTS`), not client options:").sort()).toEqual(
      Object.keys(CONNECTION_POOL_DEFAULTS).sort()
    );
  });

  it("lists exactly the error codes and the strategies", () => {
    expect(firstColumn("## Error codes").sort()).toEqual(Object.values(ClientErrorCodes).sort());
    expect(firstColumn("## Strategies")).toEqual([...strategyNames()]);
  });
});

describe("docs/LIMITS.md", () => {
  const limits = readFileSync(new URL("../../../docs/LIMITS.md", import.meta.url), "utf8");
  it("lists every gateway limit and the client's size limits", () => {
    const keys = [
      ...Object.keys(GATEWAY_LIMITS).filter((k) => k !== "keepAliveTimeoutMs"),
      "maxResponseBytes",
      "maxSseLineBytes",
    ];
    expect(keys.filter((k) => !limits.includes(`| \`${k}\` |`))).toEqual([]);
  });
});
