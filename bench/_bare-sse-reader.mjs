// The streaming benchmarks' reference reader: an open-loop poisson schedule of streams, each read with undici and
// its frames counted, nothing else (no failover client, no event log). Shares the shape of what `faultline run`
// records, so both sides are judged by the same rules (bench/_stream-figures.mjs).
import { fork } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "undici";

/** Starts the bare SSE server (bench/_bare-sse-server.mjs) in a child process: its base URL and a stop. */
export async function startBareServer() {
  const child = fork(new URL("./_bare-sse-server.mjs", import.meta.url).pathname, [], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const [line] = await once(child.stdout, "data");
  const { port } = JSON.parse(String(line));
  return { url: `http://127.0.0.1:${port}`, child, stop: () => child.kill() };
}

/** A seeded generator (mulberry32): both sides of a benchmark play comparable schedules. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Plays `rate` streams a second (poisson) for `seconds`, each asking for `tokens` tokens, sent round-robin to
 * `targets` (base URLs; one is the usual case, several interleave so noise on a shared machine hits each alike), and
 * resolves with one row per stream: { target, scheduled, start, firstByte, end, tokens, ok } in ms since the
 * schedule's start. `itl` and `ttft` ride in the query string for the bare server; a faultline node ignores them.
 */
export async function readStreams({ url, targets = [url], rate, seconds, tokens, itl = 0, ttft = 0, seed = 1 }) {
  const agent = new Agent({ keepAliveTimeout: 60_000, pipelining: 1, connections: null });
  const rand = rng(seed);
  const rows = [];
  const pending = [];
  const path = `/v1/chat/completions?tokens=${tokens}&itl=${itl}&ttft=${ttft}`;
  const body = JSON.stringify({
    model: "bench",
    stream: true,
    max_tokens: tokens,
    messages: [{ role: "user", content: "hi" }],
  });
  const headers = { "content-type": "application/json" };
  const t0 = performance.now();
  const one = async (scheduled, target) => {
    const row = { target, scheduled, start: performance.now() - t0, firstByte: null, end: null, tokens: 0, ok: 0 };
    rows.push(row);
    try {
      const res = await request(target + path, { method: "POST", body, dispatcher: agent, headers });
      let frames = 0;
      let lastWasLf = false;
      for await (const chunk of res.body) {
        // Why a stream was refused: the first bytes of an error answer.
        if (res.statusCode !== 200 && row.error === undefined) row.error = chunk.toString("utf8", 0, 240);
        // A frame ends with a blank line ("\n\n", which may straddle two chunks).
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
          if (i === 0 ? lastWasLf : chunk[i - 1] === 10) frames++;
        }
        lastWasLf = chunk[chunk.length - 1] === 10;
        // The first token, not the role frame the headers go with: what a caller waits for.
        if (row.firstByte === null && frames >= 2) row.firstByte = performance.now() - t0;
      }
      // The role, finish and [DONE] frames carry no token.
      row.tokens = Math.max(0, frames - 3);
      row.ok = res.statusCode === 200 ? 1 : 0;
      row.status = res.statusCode;
    } catch (err) {
      row.ok = 0;
      row.status = err?.code ?? "error";
    }
    row.end = performance.now() - t0;
  };
  let next = 0;
  let k = 0;
  const endMs = seconds * 1000;
  while (next < endMs) {
    const wait = next - (performance.now() - t0);
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // Every arrival due by now is sent now; how late each went is the schedule's verdict.
    while (next < endMs && next <= performance.now() - t0) {
      pending.push(one(next, targets[k++ % targets.length]));
      next += (-Math.log(1 - rand()) / rate) * 1000;
    }
  }
  await Promise.all(pending);
  await agent.close();
  return rows;
}
