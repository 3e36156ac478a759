import { fork } from "node:child_process";
import { once } from "node:events";
import { readStreams } from "./_bare-sse-reader.mjs";
import { serve } from "./_serve.mjs";
const N = Number(process.argv[2] ?? 5000);
const node = { profile: "zero", adminToken: "bench-admin-token", overrides: { ttftMs: 20, itlMs: 320, itlJitter: 0 } };
const primary = await serve("node", node);
const backup = await serve("node", node);
const child = fork(new URL("./_serve.mjs", import.meta.url).pathname, ["gateway", JSON.stringify({ endpoints: [primary.url, backup.url], prefill: true })], {
  execArgv: ["--max-semi-space-size=4", "--cpu-prof", "--cpu-prof-dir=/tmp/prof-s/gw5k"] });
const [m] = await once(child, "message");
const rows = await readStreams({ url: `http://127.0.0.1:${m.port}`, rate: N / 6, seconds: 6, tokens: 24 });
const by = {};
for (const r of rows) { const k = `${r.status} tokens=${r.tokens}`; by[k] = (by[k] ?? 0) + 1; }
console.log(by);
const firsts = rows.filter(r=>r.firstByte).map(r => r.firstByte - r.start).sort((a,b)=>a-b);
console.log("ttft p50", firsts[firsts.length>>1], "p99", firsts[Math.floor(firsts.length*0.99)]);
child.disconnect(); primary.stop(); backup.stop();
setTimeout(() => process.exit(0), 2000);
