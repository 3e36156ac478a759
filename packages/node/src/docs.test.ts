import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NodeErrorCodes } from "./errors.js";
import { faultKinds } from "./faults/registry.js";
import { profileNames, profileOverrideKeys } from "./profiles/resolve.js";
import { NODE_LIMITS } from "./http/limits.js";
import { PROXY_LIMITS } from "./proxy/limits.js";
import { FAULT_LIMITS } from "./faults/fault-limits.js";
import { PERSONAS } from "./personas/registry.js";

// docs/node.md is the user's reference; it must not drift from the tables the code reads.
const doc = readFileSync(new URL("../../../docs/node.md", import.meta.url), "utf8");

describe("docs/node.md", () => {
  it("documents every fault kind with each of its parameters", () => {
    for (const k of faultKinds()) {
      const row = doc.split("\n").find((l) => l.startsWith(`| \`${k.kind}\` |`));
      expect(row, k.kind).toBeDefined();
      for (const p of Object.keys((k.paramsSchema as { properties?: object }).properties ?? {}))
        expect(row, `${k.kind}.${p}`).toContain(`\`${p}\``);
    }
  });

  it("documents every profile, every override key and every error code", () => {
    for (const p of profileNames()) expect(doc).toContain(`| \`${p}\` |`);
    for (const k of profileOverrideKeys()) expect(doc).toContain(`\`${k}\``);
    for (const c of Object.values(NodeErrorCodes)) expect(doc).toContain(`\`${c}\``);
  });
});

describe("docs/node.md, Provider personas", () => {
  it("has one row per persona in the table, naming where its first source lives", () => {
    const section = doc.slice(doc.indexOf("## Provider personas"), doc.indexOf("## The runner's child process"));
    const rows = section.split("\n").filter((l) => /^\| `[a-z-]+` \|/.test(l));
    expect(rows.map((r) => /^\| `([a-z-]+)`/.exec(r)![1])).toEqual([...PERSONAS.keys()]);
    for (const [name, p] of PERSONAS)
      expect(
        rows.find((r) => r.startsWith(`| \`${name}\``)),
        name
      ).toContain(new URL(p.sources[0]!).host);
  });
});

describe("docs/LIMITS.md", () => {
  const limits = readFileSync(new URL("../../../docs/LIMITS.md", import.meta.url), "utf8");
  it("lists every node, proxy and fault limit", () => {
    const keys = [NODE_LIMITS, PROXY_LIMITS, FAULT_LIMITS].flatMap((t) => Object.keys(t));
    expect(keys.filter((k) => !limits.includes(`\`${k}\``))).toEqual([]);
  });
});
