// Throughput of a zero-latency @faultline/node against a bare fastify
// hello-world on the same machine in the same run, plus the median latency the
// proxy adds. Servers run in their own processes so the load generator does
// not share their event loop.
//   node bench/node-throughput.mjs [seconds]     (or BENCH_SECONDS; default 5)
// Prints JSON lines: {"figure":"node_rps",...}, {"figure":"proxy_added_median_ms",...}
// and {"figure":"cpu_fault_rps",...} (requests per second with and without the cpu fault), and
// {"figure":"node_attempt_log_rps",...}: the node with its attempt log on (batches sent over IPC,
// as the runner's child nodes do) against the same node with it off.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pool, request } from "undici";

const SELF = fileURLToPath(import.meta.url);
const SECONDS = Number(process.argv[2] ?? process.env.BENCH_SECONDS ?? (process.env.BENCH_SMOKE ? 1 : 5));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const CHAT_BODY = JSON.stringify({
  model: "bench",
  messages: [{ role: "user", content: "Say hello." }],
  max_tokens: 16,
});

async function serve(what) {
  const node = await import("@faultline/node");
  let port;
  if (what === "hello") {
    const { default: Fastify } = await import("fastify");
    const app = Fastify({ logger: false });
    app.get("/", async () => ({ hello: "world" }));
    await app.listen({ port: 0, host: "127.0.0.1" });
    port = app.server.address().port;
  } else if (what === "node") {
    port = (await node.startNode({ name: "bench", profile: "zero", adminToken: "bench-admin-token" })).port;
  } else if (what === "node-attempts") {
    // The runner's child protocol: each batch of the attempt log goes to the parent over IPC
    // ("advanced" serialisation, as the runner forks its nodes).
    const onAttempts = (batch) => process.send({ type: "attempts", batch });
    port = (
      await node.startNode({ name: "bench-attempts", profile: "zero", adminToken: "bench-admin-token", onAttempts })
    ).port;
  } else {
    port = (await node.startProxy({ upstream: what, name: "bench-proxy", adminToken: "bench-admin-token" })).port;
  }
  process.send({ port });
  process.on("disconnect", () => process.exit(0));
}

function spawn(what) {
  const child = fork(SELF, ["--serve", what], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
  const counted = { attempts: 0 };
  child.on("message", (m) => {
    if (m.type === "attempts") counted.attempts += m.batch.ids.length;
  });
  return new Promise((resolve) =>
    child.once("message", (m) => resolve({ child, url: `http://127.0.0.1:${m.port}`, counted }))
  );
}

const REQUESTS = {
  hello: { path: "/", method: "GET" },
  chat: {
    path: "/v1/chat/completions",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: CHAT_BODY,
  },
};

async function drive(url, req, seconds, tally = { done: 0 }) {
  const pool = new Pool(url, { connections: CONCURRENCY, pipelining: 1 });
  let done = 0,
    failed = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const r = await pool.request(req);
      await r.body.dump();
      if (r.statusCode === 200) done++;
      else failed++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  if (failed > 0) throw new Error(`${failed} requests failed against ${url}`);
  tally.done += done;
  return done / elapsed;
}

async function medianLatencyMs(url, count) {
  const pool = new Pool(url, { connections: 1 });
  const samples = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const r = await pool.request(REQUESTS.chat);
    await r.body.dump();
    samples.push(performance.now() - t);
  }
  await pool.close();
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function main() {
  const hello = await spawn("hello");
  const node = await spawn("node");
  const proxy = await spawn(node.url);
  // Warm both up (JIT, connection pools) before measuring.
  await drive(hello.url, REQUESTS.hello, 1);
  await drive(node.url, REQUESTS.chat, 1);
  // Alternate halves (ref, node, ref, node) so machine-wide noise hits both alike.
  const half = SECONDS / 2;
  const refA = await drive(hello.url, REQUESTS.hello, half);
  const rpsA = await drive(node.url, REQUESTS.chat, half);
  const refB = await drive(hello.url, REQUESTS.hello, half);
  const rpsB = await drive(node.url, REQUESTS.chat, half);
  const ref = (refA + refB) / 2;
  const rps = (rpsA + rpsB) / 2;
  const ratio = rps / ref;
  console.log(
    JSON.stringify({
      figure: "node_rps",
      unit: "req/s",
      value: Math.round(rps),
      reference: Math.round(ref),
      ratio: Number(ratio.toFixed(3)),
      target: ">= 0.6",
      met: ratio >= 0.6,
      shortBy: ratio >= 0.6 ? undefined : (0.6 - ratio).toFixed(3),
      concurrency: CONCURRENCY,
      seconds: SECONDS,
    })
  );
  const direct = await medianLatencyMs(node.url, 2000);
  const viaProxy = await medianLatencyMs(proxy.url, 2000);
  const added = viaProxy - direct;
  console.log(
    JSON.stringify({
      figure: "proxy_added_median_ms",
      unit: "ms",
      value: Number(added.toFixed(3)),
      reference: Number(direct.toFixed(3)),
      ratio: Number((viaProxy / direct).toFixed(3)),
      target: "< 1 ms",
      met: added < 1,
      direct_ms: Number(direct.toFixed(3)),
      proxied_ms: Number(viaProxy.toFixed(3)),
    })
  );
  // The paper's CPU attack: real worker-thread load on the node's own process. A mostly idle
  // node barely shows it in median latency (the kernel favours its sleeping main thread), so
  // this measures what the load costs: requests per second with and without it, same driver.
  const cpuSeconds = Math.max(1, half);
  const idle = await drive(node.url, REQUESTS.chat, cpuSeconds);
  const cpu = await request(`${node.url}/admin/cpu`, {
    method: "POST",
    headers: { authorization: "Bearer bench-admin-token", "content-type": "application/json" },
    body: JSON.stringify({ threads: 2, utilization: 0.9, durationMs: 60_000 }),
  });
  const { id } = await cpu.body.json();
  const loaded = await drive(node.url, REQUESTS.chat, cpuSeconds);
  await (
    await request(`${node.url}/admin/faults/${id}`, {
      method: "DELETE",
      headers: { authorization: "Bearer bench-admin-token" },
    })
  ).body.dump();
  const cpuRatio = loaded / idle;
  console.log(
    JSON.stringify({
      figure: "cpu_fault_rps",
      unit: "req/s",
      value: Math.round(loaded),
      reference: Math.round(idle),
      ratio: Number(cpuRatio.toFixed(2)),
      target: "measurably slower (< 0.9x)",
      met: cpuRatio < 0.9,
      fault: { threads: 2, utilization: 0.9 },
    })
  );
  await attemptLogRow(node);
  for (const s of [hello, node, proxy]) s.child.disconnect();
}

/** The node-side attempt log's cost: the same zero-latency node with it on against off, halves alternated. */
async function attemptLogRow(off) {
  const on = await spawn("node-attempts");
  const tally = { done: 0 };
  await drive(on.url, REQUESTS.chat, 1, tally);
  const half = SECONDS / 2;
  const offA = await drive(off.url, REQUESTS.chat, half);
  const onA = await drive(on.url, REQUESTS.chat, half, tally);
  const offB = await drive(off.url, REQUESTS.chat, half);
  const onB = await drive(on.url, REQUESTS.chat, half, tally);
  // Batches go out every 100 ms: wait for the last one before counting.
  await new Promise((r) => setTimeout(r, 300));
  const ratio = (onA + onB) / (offA + offB);
  console.log(
    JSON.stringify({
      figure: "node_attempt_log_rps",
      unit: "req/s",
      value: Math.round((onA + onB) / 2),
      reference: Math.round((offA + offB) / 2),
      ratio: Number(ratio.toFixed(3)),
      target: ">= 0.9",
      met: ratio >= 0.9,
      shortBy: ratio >= 0.9 ? undefined : (0.9 - ratio).toFixed(3),
      logged: on.counted.attempts,
      answered: tally.done,
    })
  );
  on.child.disconnect();
}

if (process.argv[2] === "--serve") await serve(process.argv[3]);
else await main();
