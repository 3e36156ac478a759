// Streaming capacity of a whole run (issue 23): `faultline run` (a node process per node, the failover client and the
// event log in the runner process) playing open-loop streams with a realistic inter-token latency, against the
// reference in the same process layout: a bare node:http SSE server in a child process writing the same frames, read
// by a bare undici reader in this process. Both climb the same ladder of stream arrival rates; a step holds when no
// stream failed, at most 1% of sends left more than 5 ms late, every token arrived and the median stream took at most
// 1.25x its nominal time. The figure is the tokens per second delivered at the highest step held.
//   node bench/streaming-capacity.mjs [--rates 250,500,1000] [--seconds 6]
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { playScenario, row, smoke } from "./_run-scenario.mjs";
import { readStreams, startBareServer } from "./_bare-sse-reader.mjs";
import { runRows, streamFigures } from "./_stream-figures.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const TOKENS = 128;
const ITL_MS = 15;
const TTFT_MS = 20;
const NOMINAL_MS = TTFT_MS + TOKENS * ITL_MS;
const seconds = Number(arg("seconds", smoke ? 2 : 6));
const rates = arg("rates", smoke ? "100" : "100,200,400,800,1600")
  .split(",")
  .map(Number);

const held = (f) =>
  f.failed === 0 && f.latePct <= 1 && f.tokens === f.streams * TOKENS && f.durationP50 <= 1.25 * NOMINAL_MS;
const say = (side, rate, f) =>
  process.stderr.write(
    `streaming-capacity: ${side} ${rate} streams/s: ${f.streams} streams, ${Math.round(f.tokensPerSecond)} tokens/s, ` +
      `${f.held} held, late ${f.latePct.toFixed(2)}%, failed ${f.failed}, ttft p50 ${f.ttftP50?.toFixed(1)} ms, ` +
      `stream p50 ${f.durationP50?.toFixed(0)} ms (nominal ${NOMINAL_MS}), load ${loadavg()[0].toFixed(2)}: ` +
      `${held(f) ? "held" : "not held"}\n`
  );

async function reference(rate) {
  const server = await startBareServer();
  try {
    // A second of the same streams first, as `faultline run` warms up before its pass (connections, JIT).
    await readStreams({ url: server.url, rate, seconds: 1, tokens: TOKENS, itl: ITL_MS, ttft: TTFT_MS, seed: 2 });
    return streamFigures(
      await readStreams({ url: server.url, rate, seconds, tokens: TOKENS, itl: ITL_MS, ttft: TTFT_MS })
    );
  } finally {
    server.stop();
  }
}

async function faultline(rate) {
  const node = `{ profile: zero, overrides: { ttftMs: ${TTFT_MS}, itlMs: ${ITL_MS}, itlJitter: 0 } }`;
  const { db, dir } = await playScenario(`
name: bench-streaming-${rate}
duration: ${seconds}s
nodes:
  primary: ${node}
  backup: ${node}
client: { strategy: active-passive, order: [primary, backup] }
load: { rate: ${rate}/s, arrival: poisson, stream: 1, promptTokens: 16, maxTokens: ${TOKENS} }
`);
  try {
    return streamFigures(runRows(db));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Climbs the ladder; returns the highest step held (its figures), why the next did not hold, and the first step. */
async function climb(side, measure) {
  let best = null;
  let miss = null;
  let first = null;
  for (const rate of rates) {
    const f = await measure(rate);
    first ??= { rate, ...f };
    say(side, rate, f);
    if (!held(f)) {
      miss = { rate, ...f };
      break;
    }
    best = { rate, ...f };
  }
  return { best, miss, first };
}

const load = [loadavg()[0]];
const ref = await climb("reference", reference);
load.push(loadavg()[0]);
const run = await climb("faultline", faultline);
load.push(loadavg()[0]);
const value = run.best?.tokensPerSecond ?? 0;
const reference_ = ref.best?.tokensPerSecond ?? null;
const ratio = reference_ ? value / reference_ : null;
const missText = (m) =>
  m
    ? `${m.rate} streams/s: late ${m.latePct.toFixed(2)}%, ` +
      `stream p50 ${m.durationP50.toFixed(0)} ms, failed ${m.failed}`
    : null;
row({
  figure: "streaming_capacity_tokens_per_s",
  unit: "tokens/s",
  value: Math.round(value),
  reference: reference_ === null ? null : Math.round(reference_),
  ratio,
  target: ">= 0.5x, <= 1% late",
  met: ratio !== null && ratio >= 0.5,
  shortBy: ratio !== null && ratio >= 0.5 ? undefined : `${((0.5 - (ratio ?? 0)) * 100).toFixed(0)} points`,
  rate: run.best?.rate ?? 0,
  reference_rate: ref.best?.rate ?? 0,
  // The ladder's top step held by the reference is a lower bound on its capacity, so the ratio is too.
  reference_held_every_step: ref.miss === null,
  first_miss: missText(run.miss),
  reference_first_miss: missText(ref.miss),
  late_pct: run.best?.latePct ?? null,
  // At the first step both sides played the same offered load: what each delivered there, held or not.
  first_step: {
    rate: rates[0],
    tokens_per_s: Math.round(run.first.tokensPerSecond),
    reference_tokens_per_s: Math.round(ref.first.tokensPerSecond),
    late_pct: Math.round(run.first.latePct * 100) / 100,
    reference_late_pct: Math.round(ref.first.latePct * 100) / 100,
  },
  seconds,
  tokens_per_stream: TOKENS,
  itl_ms: ITL_MS,
  load_average_1m: load.map((l) => Math.round(l * 100) / 100),
});
row({
  figure: "streaming_streams_held",
  unit: "streams",
  value: run.best?.held ?? 0,
  reference: ref.best?.held ?? null,
  ratio: ref.best?.held ? (run.best?.held ?? 0) / ref.best.held : null,
  target: "-",
  ttft_p50_ms: run.best?.ttftP50 ?? null,
  reference_ttft_p50_ms: ref.best?.ttftP50 ?? null,
});
