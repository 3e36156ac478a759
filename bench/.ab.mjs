import { fork } from "node:child_process";
import { createServer } from "node:http";
import { Pool } from "undici";
const body = JSON.stringify({ model: "bench", messages: [{ role: "user", content: "Say hello." }], max_tokens: 16 });
if (process.argv[2] === "serve") {
  const kind = process.argv[3]; let port;
  if (kind === "raw-post") { const s = createServer((req, res) => { let b = ""; req.on("data", (c) => b += c); req.on("end", () => { const j = JSON.parse(b); const out = JSON.stringify({ ok: j.model }); res.writeHead(200, { "content-type": "application/json", "content-length": out.length }); res.end(out); }); }); await new Promise((r) => s.listen(0, "127.0.0.1", r)); port = s.address().port; }
  else if (kind === "node") { const { startNode } = await import("@faultline/node"); port = (await startNode({ name: "p", profile: "zero", adminToken: "bench-admin-token" })).port; }
  else { const { default: Fastify } = await import("fastify"); const app = Fastify(); app.get("/", async () => ({ hello: "world" })); await app.listen({ port: 0, host: "127.0.0.1" }); port = app.server.address().port; }
  process.send({ port }); process.on("message", () => process.send({ cpu: process.cpuUsage() })); process.on("disconnect", () => process.exit(0));
} else {
  const res = {};
  for (let round = 0; round < 3; round++) for (const kind of ["hello-get", "raw-post", "node"]) {
    const c = fork(new URL(import.meta.url).pathname, ["serve", kind]);
    const { port } = await new Promise((r) => c.once("message", r));
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 32 });
    const req = kind === "hello-get" ? { path: "/", method: "GET" } : { path: kind === "node" ? "/v1/chat/completions" : "/", method: "POST", headers: { "content-type": "application/json" }, body };
    const run = async (ms) => { const end = performance.now() + ms; let n = 0; await Promise.all(Array.from({ length: 32 }, async () => { while (performance.now() < end) { const r = await pool.request(req); await r.body.dump(); n++; } })); return n; };
    await run(700);
    c.send("x"); const a = (await new Promise((r) => c.once("message", r))).cpu;
    const t = performance.now(); const n = await run(1500); const el = performance.now() - t;
    c.send("x"); const b = (await new Promise((r) => c.once("message", r))).cpu;
    (res[kind] ??= []).push({ us: +((b.user + b.system - a.user - a.system) / n).toFixed(1), rps: Math.round(n / el * 1000) });
    await pool.close(); c.disconnect();
  }
  for (const [k, v] of Object.entries(res)) console.log(k, "min us/req", Math.min(...v.map((x) => x.us)), "max rps", Math.max(...v.map((x) => x.rps)), JSON.stringify(v));
}
