// Three local shards against one process: the same offered load (a zero-latency pair of external
// nodes, each in its own `faultline node` process) played once by a single `faultline run` and once
// by three `faultline run --shard i/3` processes merged with `faultline merge`. The figure is the
// rate of requests answered ok and sent on time (at most 5 ms after their scheduled time), merged
// shards against the single process, in the same run. On 2 cores the three shards' CPU overlaps
// with each other and with the nodes', so this shows the cost of splitting, not a gain: the gain
// comes from shards on machines of their own.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { ENGINE_FLAGS } from "@faultline/cli/engine-tuning";
import { percentile, row, smoke } from "./_run-scenario.mjs";

const CLI = fileURLToPath(new URL("../packages/cli/dist/bin.js", import.meta.url));
const TOKEN = "bench-shard-token";
const rate = smoke ? 300 : 6000;
const seconds = smoke ? 2 : 10;
const leadMs = 10_000; // three processes starting at once on 2 busy cores took up to 9 s to warm up

/** Runs the CLI to its end; resolves with its exit status and output. */
function cli(args, onLine) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...ENGINE_FLAGS, CLI, ...args], {
      env: { ...process.env, FAULTLINE_ADMIN_TOKEN: TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      onLine?.(String(d), child);
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/** Starts a zero-latency node in a process of its own; resolves with its URL and the process. */
function startNode(name) {
  return new Promise((resolve) => {
    cli(["node", "--name", name, "--port", "0", "--profile", "zero", "--admin-token", TOKEN], (text, child) => {
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) resolve({ url: m[1], child });
    });
  });
}

/** On-time ok requests per second, late share and p99 (end - scheduled) of a run folder. */
function figures(runDir) {
  const db = new Database(join(runDir, "events.db"), { readonly: true });
  const n = db.prepare("SELECT COUNT(*) AS n FROM requests").get().n;
  const onTime = db.prepare("SELECT COUNT(*) AS n FROM requests WHERE ok = 1 AND start_ms - scheduled_ms <= 5").get().n;
  const lat = db
    .prepare("SELECT end_ms - scheduled_ms AS l FROM requests ORDER BY l")
    .all()
    .map((r) => r.l);
  db.close();
  return { requests: n, rps: onTime / seconds, latePct: (100 * (n - onTime)) / n, p99: percentile(lat, 99) };
}

const nodes = [await startNode("primary"), await startNode("backup")];
try {
  const dir = mkdtempSync(join(tmpdir(), "fl-bench-shards-"));
  const scenario = join(dir, "scenario.yaml");
  writeFileSync(
    scenario,
    `name: bench-shards\nduration: ${seconds}s\nnodes:\n` +
      `  primary: { url: "${nodes[0].url}/v1" }\n  backup: { url: "${nodes[1].url}/v1" }\n` +
      `client: { strategy: active-passive, order: [primary, backup] }\n` +
      `load: { rate: ${rate}/s, arrival: poisson, stream: 0, promptTokens: 16, maxTokens: 16 }\n`
  );
  const single = await cli(["run", scenario, "--results", join(dir, "single")]);
  if (single.code !== 0) throw new Error(`single run exited ${single.code}\n${single.out}`);
  const startAt = String(Date.now() + leadMs);
  const shards = await Promise.all(
    [0, 1, 2].map((i) =>
      cli(["run", scenario, "--results", join(dir, "shards"), "--shard", `${i}/3`, "--start-at", startAt])
    )
  );
  for (const s of shards) if (s.code !== 0) throw new Error(`a shard exited ${s.code}\n${s.out}`);
  const runs = readdirSync(join(dir, "shards")).map((r) => join(dir, "shards", r));
  const merged = await cli(["merge", ...runs, "--out", join(dir, "merged")]);
  if (merged.code !== 0) throw new Error(`merge exited ${merged.code}\n${merged.out}`);
  const one = figures(join(dir, "single", readdirSync(join(dir, "single"))[0]));
  const three = figures(join(dir, "merged"));
  const skew = /start skew \(worst pass\): (.*)/.exec(merged.out)?.[1] ?? null;
  process.stderr.write(`sharded: one process ${JSON.stringify(one)}; three shards ${JSON.stringify(three)}; ${skew}\n`);
  row({
    figure: "sharded_three_local_rps",
    unit: "req/s",
    value: three.rps,
    reference: one.rps,
    ratio: one.rps ? three.rps / one.rps : null,
    target: `report only (offered ${rate} req/s; 2 cores shared by three shards and two nodes)`,
    met: three.requests === one.requests,
    offered: rate,
    seconds,
    single: one,
    shards: three,
    skew,
  });
} finally {
  for (const n of nodes) n.child.kill();
}
