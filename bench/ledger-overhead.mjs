#!/usr/bin/env node
// The routing ledger's cost in faultline's gateway: two gateways in one process over one
// zero-latency node, one writing a ledger (`faultline gateway --ledger`), one not. Requests to
// both are interleaved at a fixed moderate rate, half a period apart, alternating which goes
// first (as gateway-overhead.mjs does for gateway against direct), so machine noise hits both
// alike. The figure is the ledger gateway's median minus the plain gateway's; target <= 0.05 ms.
// As there, the whole measurement runs in FORKS fresh processes and the median fork is reported.
// Prints JSON lines {"figure": ..., "value", "reference", "ratio", "target", "met", "unit"}.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const smoke = process.env.BENCH_SMOKE === "1";
const FORKS = smoke ? 1 : Number(process.env.LEDGER_BENCH_FORKS ?? 3);
if (process.env.LEDGER_BENCH_FORK !== "1") {
  const values = [];
  let last = null;
  for (let i = 0; i < FORKS; i++) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, LEDGER_BENCH_FORK: "1" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (r.status !== 0) {
      console.error(`ledger-overhead: fork ${i + 1} failed (exit ${r.status})`);
      process.exit(1);
    }
    const row = JSON.parse(r.stdout.split("\n").find((l) => l.startsWith("{")));
    values.push(row);
    last = row;
  }
  const sorted = [...values].sort((a, b) => a.value - b.value);
  console.log(JSON.stringify({ ...(sorted[(sorted.length - 1) >> 1] ?? last), forks: values.map((r) => r.value) }));
  process.exit(0);
}

const { Pool } = await import("undici");
const { startNode } = await import("@faultline/node");
const { startGateway } = await import("@faultline/client");
const { LedgerFile, openLedger, verifyLedger } = await import("@faultline/eventlog");
const { tuneGcForRequestTraffic } = await import("@faultline/cli/engine-tuning");
const RATE = Number(process.env.LEDGER_BENCH_RATE ?? 200); // per gateway, per second
const SECONDS = smoke ? 1 : Number(process.env.LEDGER_BENCH_SECONDS ?? 8);
const WARM_UP_SECONDS = smoke ? 0.5 : 3;
const CONCURRENCY = 32;
const BODY = JSON.stringify({ model: "llama3-8b", messages: [{ role: "user", content: "hi" }], max_tokens: 8 });
const TARGET_MS = 0.05;

const dir = mkdtempSync(join(tmpdir(), "fl-ledger-bench-"));
const ledger = new LedgerFile(join(dir, "ledger.db"));
const node = await startNode({ name: "bench-node", profile: "zero", port: 0 });
const config = { strategy: "active-passive", endpoints: [{ name: "primary", url: `${node.url}/v1` }] };
const plain = await startGateway({ config, port: 0 });
const withLedger = await startGateway({ config, port: 0, onDecision: (d) => ledger.append(d) });
if (!process.env.BENCH_NO_GC_TUNING) tuneGcForRequestTraffic();
const pools = {
  off: new Pool(plain.url, { connections: CONCURRENCY }),
  on: new Pool(withLedger.url, { connections: CONCURRENCY }),
};
let ids = 0;

async function once(pool) {
  const t0 = performance.now();
  const res = await pool.request({
    path: "/v1/chat/completions",
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": `b-${ids++}` },
    body: BODY,
  });
  await res.body.text();
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  return performance.now() - t0;
}

const sleepUntil = async (at) => {
  const wait = at - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
};

async function closedLoop(pool, ms) {
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) await once(pool);
    })
  );
}

for (let i = 0; i < 500; i++) {
  await once(pools.off);
  await once(pools.on);
}
for (let i = 0; i < WARM_UP_SECONDS * 4; i++) {
  await closedLoop(pools.off, 250);
  await closedLoop(pools.on, 250);
}

const lat = { off: [], on: [] };
const pending = [];
const t0 = performance.now();
for (let i = 0; i < RATE * SECONDS; i++) {
  const due = (i * 1000) / RATE;
  await sleepUntil(t0 + due);
  const order = i % 2 === 0 ? ["off", "on"] : ["on", "off"];
  for (const [slot, k] of order.entries()) {
    if (slot === 1) await sleepUntil(t0 + due + 500 / RATE);
    pending.push(once(pools[k]).then((ms) => lat[k].push(ms)));
  }
}
await Promise.all(pending);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const off = median(lat.off);
const on = median(lat.on);
const added = on - off;
for (const p of Object.values(pools)) await p.close();
await withLedger.close();
await plain.close();
await node.close();
ledger.close();
// The ledger the measurement wrote must verify: a ledger that is fast because it is wrong is no figure.
const db = openLedger(join(dir, "ledger.db"));
const verdict = verifyLedger(db);
db.close();
rmSync(dir, { recursive: true, force: true });
if (!verdict.ok) throw new Error(`the bench's ledger does not verify: ${JSON.stringify(verdict.firstBad)}`);
const round = (v) => Number(v.toFixed(3));
console.log(
  JSON.stringify({
    figure: "gateway_ledger_added_p50_ms",
    value: round(added),
    reference: round(off),
    ratio: round(on / off),
    target: TARGET_MS,
    met: added <= TARGET_MS,
    shortBy: added <= TARGET_MS ? undefined : `${round(added - TARGET_MS)} ms`,
    unit: "ms",
    ledger_off_ms: round(off),
    ledger_on_ms: round(on),
    records: verdict.records,
    rate_per_s: RATE,
    seconds: SECONDS,
    samples: lat.on.length,
  })
);
