#!/usr/bin/env node
// The conformance scorecard of faultline's gateway beside its peers' (issue 15): plays the whole
// catalogue (docs/conformance.md) against each system file below with `faultline conformance`,
// prints one bench row per system and verdict, and writes the side-by-side table with the evidence
// of every case a peer does not pass to bench/results/conformance-peers.md.
// `node bench/peers-conformance.mjs` alone, or as part of `pnpm bench peers`.
// BENCH_SMOKE=1 plays three cases only.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const cli = join(root, "packages", "cli", "dist", "bin.js");
// Portkey is pinned in the root package.json (@portkey-ai/gateway 1.15.2) and started from node_modules.
const SYSTEMS = ["faultline-gateway", "portkey"];
const smoke = process.env.BENCH_SMOKE === "1";
const SMOKE_CASES = "context-length-exceeded,stream-cut,no-response";

const results = mkdtempSync(join(tmpdir(), "fl-peers-conformance-"));
const cards = [];
for (const name of SYSTEMS) {
  const args = [cli, "conformance", "--system", join(root, "examples", "systems", `${name}.yaml`), "--json"];
  args.push("--results", results, ...(smoke ? ["--cases", SMOKE_CASES] : []));
  process.stderr.write(`peers-conformance: ${name}\n`);
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 << 20, timeout: 10 * 60_000 });
  if (r.status !== 0) {
    process.stderr.write(`peers-conformance: ${name} failed (exit ${r.status})\n${(r.stderr ?? "").slice(-2000)}\n`);
    process.exit(1);
  }
  cards.push(JSON.parse(r.stdout));
}

for (const card of cards) {
  const measured = card.cases.filter((c) => c.verdict !== "not-run").length;
  for (const verdict of ["pass", "partial", "safe", "fail"])
    console.log(
      JSON.stringify({
        figure: `conformance_${verdict}_${card.system}`,
        value: card.counts[verdict],
        reference: measured,
        ratio: measured ? card.counts[verdict] / measured : null,
        target: verdict === "pass" && card.system === "faultline-gateway" ? "all measured cases" : "-",
        ...(verdict === "pass" && card.system === "faultline-gateway" ? { met: card.counts.pass === measured } : {}),
        unit: "cases",
      })
    );
}

const ids = cards[0].cases.map((c) => c.id);
const cell = (card, id) => card.cases.find((c) => c.id === id)?.verdict ?? "-";
const md = [
  `Conformance scorecards (${new Date().toISOString()}, ` +
    `${smoke ? "smoke: three cases" : "whole catalogue"}; docs/conformance.md)`,
  "",
  `| case | ${cards.map((c) => c.system).join(" | ")} |`,
  `| --- | ${cards.map(() => "---").join(" | ")} |`,
  ...ids.map((id) => `| \`${id}\` | ${cards.map((c) => cell(c, id)).join(" | ")} |`),
  `| **wall time** | ${cards.map((c) => `${(c.wallMs / 1000).toFixed(1)} s`).join(" | ")} |`,
  "",
  "Evidence of every measured case a system does not pass:",
  "",
  ...cards.flatMap((card) =>
    card.cases
      .filter((c) => c.verdict !== "pass" && c.verdict !== "not-run")
      .map((c) => `- ${card.system}, \`${c.id}\`: **${c.verdict}**: ${c.reason}`)
  ),
].join("\n");
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "conformance-peers.md"), md + "\n");
process.stderr.write(`peers-conformance: wrote bench/results/conformance-peers.md (run folders under ${results})\n`);
