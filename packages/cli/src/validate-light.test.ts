import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
// A module hook that reports every fastify or undici entry point the process loads.
const HOOK =
  `export async function resolve(s, c, next) { const r = await next(s, c); if ` +
  `(/node_modules\\/(fastify|undici)\\/(fastify|index)\\.js$/.test(r.url)) ` +
  `process.stderr.write("LOADED " + r.url + "\\n"); return r; }`;
const HOOK_URL = `data:text/javascript,${encodeURIComponent(HOOK)}`;
const REGISTER = `import { register } from "node:module"; register("${HOOK_URL}");`;

function scenario(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "fl-validate-")), "s.yaml");
  writeFileSync(file, text);
  return file;
}

describe("faultline validate", () => {
  it("reports a typo in client.options as file:line: client.options.<key> without loading the client's servers", () => {
    const file = scenario(
      "name: t\nduration: 10s\nnodes:\n  primary: { profile: zero }\nclient:\n  options:\n    firstByteTimoutMs: 500\n"
    );
    const r = spawnSync(
      process.execPath,
      ["--import", `data:text/javascript,${encodeURIComponent(REGISTER)}`, BIN, "validate", file],
      { encoding: "utf8" }
    );
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).toContain(
      `${file}:7: client.options.firstByteTimoutMs: unknown key (did you mean "firstByteTimeoutMs"?)`
    );
    expect(r.stderr).not.toContain("LOADED");
  });
});
