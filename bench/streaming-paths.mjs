// Streaming through the gateway and the proxy against direct, in one run (issue 23). One node (its own process, a
// realistic 20 ms to the first token and 15 ms between tokens), and in front of it, each in a process of its own:
// `faultline gateway`, `faultline proxy` and a raw node:http + undici forwarder (the reference hop). This process
// reads streams round-robin from the four, so machine noise hits each alike. Two figures:
//  - tokens per second through the gateway and the proxy as a share of direct, each path driven on its own in
//    alternating slices at saturation: a zero-latency node, 64 streams held open at once (closed loop); the raw
//    forwarder's share is in the JSON (`forwarder_ratio`), the floor a hop of its own process sets on these cores.
//    The row's streams are 64 tokens long; the same loop with answers of 256 tokens, nearer what chat answers are,
//    is in the JSON too (`long_streams`): what a hop costs per request weighs less there, what it costs per token more;
//  - time to first token each hop adds at a fixed 80 streams/s (20 a path), against the raw forwarder's.
// Targets: throughput >= 0.6 of direct; added TTFT <= 1.25x the forwarder's.
//   node bench/streaming-paths.mjs
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { Agent, request } from "undici";
import { percentile, row, smoke } from "./_run-scenario.mjs";
import { readStreams } from "./_bare-sse-reader.mjs";
import { serve } from "./_serve.mjs";

const TOKENS = 64;
const LONG_TOKENS = 256;
const RATE = 80;
const SECONDS = smoke ? 2 : 8;
const SLICE_MS = 500;
const SLICES = smoke ? 1 : 4;
const CONCURRENCY = 64;

const loads = [loadavg()[0]];
const paced = await serve("node", { profile: "zero", overrides: { ttftMs: 20, itlMs: 15, itlJitter: 0 } });
const zero = await serve("node", { profile: "zero" });
const hops = (upstream) =>
  Promise.all([
    serve("gateway", { endpoints: [upstream] }),
    serve("proxy", { upstream, name: "bench-proxy", adminToken: "bench-admin-token" }),
    serve("forwarder", { upstream }),
  ]);
const [pacedGateway, pacedProxy, pacedForwarder] = await hops(paced.url);
const [zeroGateway, zeroProxy, zeroForwarder] = await hops(zero.url);
const servers = [paced, zero, pacedGateway, pacedProxy, pacedForwarder, zeroGateway, zeroProxy, zeroForwarder];

/**
 * The CPU a process has used, in microseconds (user and system, from /proc), or null where there is no /proc: what
 * each hop spent a stream is what bounds its throughput on these shared cores, so the row reports it beside the ratio.
 */
function cpuMicros(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/**
 * Streams `tokensPerStream` tokens each, CONCURRENCY at a time, for `ms`; returns the whole streams read and the
 * answers that were not a 200 (the gateway's adaptive concurrency limit sheds with a 503 when the machine is busy),
 * which count for nothing but are reported.
 */
async function closedLoop(agent, url, ms, tokensPerStream) {
  const body = JSON.stringify({
    model: "bench",
    stream: true,
    max_tokens: tokensPerStream,
    messages: [{ role: "user", content: "hi" }],
  });
  let bytes = 0;
  let streams = 0;
  let refused = 0;
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const res = await request(`${url}/v1/chat/completions`, {
          method: "POST",
          body,
          dispatcher: agent,
          headers: { "content-type": "application/json" },
        });
        for await (const chunk of res.body) bytes += chunk.length;
        if (res.statusCode === 200) streams++;
        else refused++;
      }
    })
  );
  return { streams, bytes, refused };
}

async function throughputs(tokensPerStream) {
  const agent = new Agent({ keepAliveTimeout: 60_000, connections: null });
  // The forwarder too: what any hop in a process of its own costs on these cores, the floor the others are read on.
  const paths = { direct: zero.url, gateway: zeroGateway.url, proxy: zeroProxy.url, forwarder: zeroForwarder.url };
  // Whose CPU each path's slices are read on: the hop's process, or the node's for direct.
  const pids = { direct: zero.pid, gateway: zeroGateway.pid, proxy: zeroProxy.pid, forwarder: zeroForwarder.pid };
  const tokens = Object.fromEntries(Object.keys(paths).map((k) => [k, 0]));
  const refused = Object.fromEntries(Object.keys(paths).map((k) => [k, 0]));
  const cpu = Object.fromEntries(Object.keys(paths).map((k) => [k, 0]));
  const streams = Object.fromEntries(Object.keys(paths).map((k) => [k, 0]));
  // Warm-up: connections and the JIT of every path.
  for (const url of Object.values(paths)) await closedLoop(agent, url, smoke ? 200 : 1000, tokensPerStream);
  for (let i = 0; i < SLICES; i++)
    for (const [k, url] of Object.entries(paths)) {
      const before = cpuMicros(pids[k]);
      const slice = await closedLoop(agent, url, SLICE_MS, tokensPerStream);
      const after = cpuMicros(pids[k]);
      cpu[k] = before === null || after === null || cpu[k] === null ? null : cpu[k] + after - before;
      tokens[k] += slice.streams * tokensPerStream;
      streams[k] += slice.streams;
      refused[k] += slice.refused;
    }
  await agent.close();
  const seconds = (SLICES * SLICE_MS) / 1000;
  // /proc counts in 10 ms ticks: over 2 s of slices a path's figure is good to a few percent.
  const cpuPerStream = Object.fromEntries(
    Object.keys(paths).map((k) => [k, cpu[k] === null || streams[k] === 0 ? null : Math.round(cpu[k] / streams[k])])
  );
  return { tps: Object.fromEntries(Object.entries(tokens).map(([k, t]) => [k, t / seconds])), refused, cpuPerStream };
}

const { tps, refused, cpuPerStream } = await throughputs(TOKENS);
const long = await throughputs(LONG_TOKENS);
loads.push(loadavg()[0]);
const targets = {
  direct: paced.url,
  gateway: pacedGateway.url,
  proxy: pacedProxy.url,
  forwarder: pacedForwarder.url,
};
// A second of streams first (connections, JIT), then the measured run.
await readStreams({ targets: Object.values(targets), rate: RATE, seconds: 1, tokens: TOKENS });
const rows = await readStreams({ targets: Object.values(targets), rate: RATE, seconds: SECONDS, tokens: TOKENS });
loads.push(loadavg()[0]);
for (const s of servers) s.stop();

const ttft = {};
const failed = {};
for (const [k, url] of Object.entries(targets)) {
  const mine = rows.filter((r) => r.target === url);
  // A stream that failed or came short is counted, and the path's row is not met: its TTFT is not comparable.
  failed[k] = mine.filter((r) => !r.ok || r.tokens !== TOKENS).length;
  ttft[k] = percentile(
    mine
      .filter((r) => r.firstByte !== null)
      .map((r) => r.firstByte - r.start)
      .sort((a, b) => a - b),
    50
  );
}
const added = (k) => ttft[k] - ttft.direct;
const round = (v) => Math.round(v * 1000) / 1000;
const load = loads.map((l) => round(l));
for (const k of ["gateway", "proxy"]) {
  const ratio = tps[k] / tps.direct;
  row({
    figure: `streaming_${k}_tokens_per_s`,
    unit: "tokens/s",
    value: Math.round(tps[k]),
    reference: Math.round(tps.direct),
    ratio: round(ratio),
    target: ">= 0.6x direct",
    met: ratio >= 0.6,
    shortBy: ratio >= 0.6 ? undefined : `${round(0.6 - ratio)}x`,
    forwarder_tokens_per_s: Math.round(tps.forwarder),
    forwarder_ratio: round(tps.forwarder / tps.direct),
    // Answers that were not a 200 in the measured slices (none on a quiet machine): they count for no tokens.
    refused: refused[k],
    // What bounds the ratio: the CPU each hop spent a stream in its own slices (direct: the node's), in µs.
    cpu_us_per_stream: { hop: cpuPerStream[k], forwarder: cpuPerStream.forwarder, direct_node: cpuPerStream.direct },
    concurrency: CONCURRENCY,
    tokens_per_stream: TOKENS,
    long_streams: {
      tokens_per_stream: LONG_TOKENS,
      ratio: round(long.tps[k] / long.tps.direct),
      forwarder_ratio: round(long.tps.forwarder / long.tps.direct),
      refused: long.refused[k],
      cpu_us_per_stream: { hop: long.cpuPerStream[k], forwarder: long.cpuPerStream.forwarder },
    },
    load_average_1m: load,
  });
}
for (const k of ["gateway", "proxy"]) {
  const ratio = added(k) / added("forwarder");
  row({
    figure: `streaming_${k}_added_ttft_ms`,
    unit: "ms",
    value: round(added(k)),
    reference: round(added("forwarder")),
    ratio: round(ratio),
    target: "<= 1.25x the raw forwarder's",
    met: failed[k] === 0 && failed.direct === 0 && added(k) <= 1.25 * Math.max(added("forwarder"), 0),
    failed_streams: failed,
    shortBy: added(k) <= 1.25 * added("forwarder") ? undefined : `${round(added(k) - 1.25 * added("forwarder"))} ms`,
    direct_ttft_p50_ms: round(ttft.direct),
    ttft_p50_ms: round(ttft[k]),
    streams_per_path: rows.length / 4,
    rate_per_s: RATE,
    seconds: SECONDS,
    load_average_1m: load,
  });
}
process.exit(0);
