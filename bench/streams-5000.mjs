// 5,000 streams held at once, and faults at scale (issue 23). A primary and a backup node and `faultline gateway`
// (the failover client inside it) each run in a process of their own; this process opens the streams through the
// gateway with a bare undici reader. Phases, each on fresh processes:
//  - held: 5,000 streams opened over 6 s, each long enough (7.7 s) that all are open together; the peak RSS of
//    each process over its idle RSS, per stream held, is the memory a stream costs;
//  - hang, stream-stall, zombie: the fault is put on the primary, then the same 5,000 streams are opened. Each must
//    fail over (a first-byte deadline for hang and zombie, a stall deadline and a resume on the backup for
//    stream-stall) and end whole within the deadline plus one backup answer; each process's peak RSS is set against
//    the held phase's, so a fault that makes memory grow shows as a ratio.
// The inter-token latency is 320 ms (24 tokens, 7.7 s a stream): 5,000 streams at 15 ms would be 333,000 tokens a
// second, several times what this machine's gateway can carry (streaming-paths.mjs); what is measured here is
// holding streams, not tokens.
//   node bench/streams-5000.mjs [--streams 5000] [--phases held,hang,stream-stall,zombie] [--options '{...}']
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { request } from "undici";
import { percentile, row, smoke } from "./_run-scenario.mjs";
import { readStreams } from "./_bare-sse-reader.mjs";
import { streamFigures } from "./_stream-figures.mjs";
import { serve } from "./_serve.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const STREAMS = Number(arg("streams", smoke ? 200 : 5000));
const OPEN_S = smoke ? 2 : 6;
const TOKENS = 24;
// The smoke run (CI) only proves the benchmark works: 200 streams of 1.2 s, the held phase and one fault.
const ITL_MS = smoke ? 50 : 320;
const TTFT_MS = 20;
const NOMINAL_MS = TTFT_MS + TOKENS * ITL_MS;
const DEADLINE_MS = 2000; // the client's firstByteTimeoutMs and streamStallMs defaults
const phases = arg("phases", smoke ? "held,zombie" : "held,hang,stream-stall,zombie").split(",");
// Client options for the gateway (JSON), e.g. '{"retryBudgetRatio":1}'; the defaults when absent.
const clientOptions = JSON.parse(arg("options", "{}"));
const ADMIN = "bench-admin-token";

const rssMb = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function phase(fault) {
  const node = { profile: "zero", adminToken: ADMIN, overrides: { ttftMs: TTFT_MS, itlMs: ITL_MS, itlJitter: 0 } };
  const primary = await serve("node", node);
  const backup = await serve("node", node);
  const gateway = await serve("gateway", {
    endpoints: [primary.url, backup.url],
    prefill: true,
    config: { options: clientOptions },
  });
  const procs = { primary, backup, gateway };
  try {
    // Warm-up: a few streams so every process has its code loaded and its pools open before the idle reading.
    await readStreams({ url: gateway.url, rate: 50, seconds: 0.5, tokens: 2, seed: 2 });
    const idle = Object.fromEntries(Object.entries(procs).map(([k, p]) => [k, rssMb(p.pid)]));
    const readerIdle = process.memoryUsage().rss / 1048576;
    if (fault) {
      const r = await request(`${primary.url}/admin/faults`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ kind: fault }),
      });
      if (r.statusCode !== 201)
        throw new Error(`${fault}: the primary answered ${r.statusCode}: ${await r.body.text()}`);
      await r.body.dump();
    }
    const peak = { ...idle, reader: readerIdle };
    const sampler = setInterval(() => {
      for (const [k, p] of Object.entries(procs)) peak[k] = Math.max(peak[k], rssMb(p.pid));
      peak.reader = Math.max(peak.reader, process.memoryUsage().rss / 1048576);
    }, 200);
    const rows = await readStreams({
      url: gateway.url,
      rate: STREAMS / OPEN_S,
      seconds: OPEN_S,
      tokens: TOKENS,
    });
    clearInterval(sampler);
    const f = streamFigures(rows);
    const times = rows.map((r) => r.end - r.start).sort((a, b) => a - b);
    const whole = rows.filter((r) => r.ok && r.tokens === TOKENS).length;
    const outcomes = {};
    for (const r of rows) {
      if (r.ok && r.tokens === TOKENS) continue;
      // The status and the gateway's error code ("budget", "timeout", "no_endpoint", ...), or the reader's error.
      const code = /"code":"(\w+)"/.exec(r.error ?? "")?.[1];
      const k = r.status === 200 ? `200 short (${r.tokens} tokens)` : code ? `${r.status} ${code}` : String(r.status);
      outcomes[k] = (outcomes[k] ?? 0) + 1;
    }
    const out = {
      fault: fault ?? "none",
      ...f,
      whole,
      outcomes,
      idle,
      readerIdle,
      peak,
      p99: percentile(times, 99),
      max: times.at(-1),
    };
    process.stderr.write(
      `streams-5000: ${out.fault}: ${rows.length} streams, ${whole} whole (not: ${JSON.stringify(outcomes)}), ` +
        `${f.held} held at once, ttft p50 ${f.ttftP50?.toFixed(0)} ms, ` +
        `stream p50 ${f.durationP50.toFixed(0)} ms, p99 ${out.p99.toFixed(0)}, max ${out.max.toFixed(0)} ms; ` +
        `peak RSS ${Object.entries(peak)
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(", ")} MB (idle ${Object.entries(idle)
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(", ")}); load ${loadavg()[0].toFixed(2)}\n`
    );
    return out;
  } finally {
    for (const p of Object.values(procs)) p.stop();
  }
}

const results = {};
for (const p of phases) results[p] = await phase(p === "held" ? null : p);
const round = (v) => Math.round(v * 1000) / 1000;
const held = results.held;
if (held) {
  for (const k of ["gateway", "primary", "reader"]) {
    const idle = k === "reader" ? held.readerIdle : held.idle[k];
    const kb = ((held.peak[k] - idle) * 1024) / held.held;
    row({
      figure: `streams_${STREAMS}_memory_per_stream_${k}`,
      unit: "KB",
      value: round(kb),
      reference: round(idle),
      target: "reported, bounded",
      met: held.held >= held.streams * 0.95 && held.whole === held.streams,
      streams_held: held.held,
      whole: held.whole,
      not_whole: held.outcomes,
      ttft_p50_ms: round(held.ttftP50),
      peak_rss_mb: round(held.peak[k]),
      idle_rss_mb: round(idle),
      load_average_1m: round(loadavg()[0]),
    });
  }
}
for (const fault of phases.filter((p) => p !== "held")) {
  const r = results[fault];
  // The fault costs a first-byte (or stall) deadline, then one answer from the backup.
  const bound = DEADLINE_MS + NOMINAL_MS;
  // Each node against the busiest node of the held phase (there the backup carried nothing, under a fault it
  // carries the primary's streams), the gateway against itself.
  const heldNode = held ? Math.max(held.peak.primary, held.peak.backup) : null;
  const growth = held
    ? Math.max(r.peak.gateway / held.peak.gateway, r.peak.primary / heldNode, r.peak.backup / heldNode)
    : null;
  const met = r.whole === r.streams && r.p99 <= bound * 1.1 && (growth === null || growth <= 1.5);
  row({
    figure: `streams_${STREAMS}_${fault}_failover_p99_ms`,
    unit: "ms",
    value: round(r.p99),
    reference: bound,
    ratio: round(r.p99 / bound),
    target: "all whole, p99 <= deadline + one backup answer (+10%), peak RSS <= 1.5x held",
    met,
    whole: r.whole,
    streams: r.streams,
    not_whole: r.outcomes,
    client_options: clientOptions,
    max_ms: round(r.max),
    peak_rss_vs_held: growth === null ? null : round(growth),
    peak_rss_mb: Object.fromEntries(Object.entries(r.peak).map(([k, v]) => [k, round(v)])),
    load_average_1m: round(loadavg()[0]),
  });
}
process.exit(0);
