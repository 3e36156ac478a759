// Takes the README's screenshot of Prometheus's own graph page while `faultline run` plays a
// scenario: a real Prometheus (Debian's package) scrapes the run's --metrics-port, and Debian's
// Chromium, driven by playwright-core, captures the graph during the run's second pass.
//
//   node packages/e2e/scripts/prometheus-screenshot.mjs [out.png]
//
// Grafana is not installed here; the dashboard JSON is checked by dashboard.test.ts instead.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "..", "..", "..");
const out = resolve(process.argv[2] ?? join(root, "docs", "images", "prometheus-run.png"));
const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), "fl-prom-shot-"));
const [metricsPort, promPort] = [await freePort(), await freePort()];
writeFileSync(
  join(dir, "prometheus.yml"),
  `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: faultline-run\n` +
    `    static_configs: [{ targets: ["127.0.0.1:${metricsPort}"] }]\n`
);
const prometheus = spawn(
  "prometheus",
  [
    `--config.file=${join(dir, "prometheus.yml")}`,
    `--storage.tsdb.path=${join(dir, "tsdb")}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
  ],
  { stdio: "ignore" }
);
const run = spawn(
  process.execPath,
  [
    join(root, "packages", "cli", "dist", "bin.js"),
    "run",
    join(root, "scenarios", "paper.yaml"),
    "--time-scale",
    "0.5",
    "--results",
    dir,
    "--metrics-port",
    String(metricsPort),
  ],
  { stdio: ["ignore", "ignore", "pipe"] }
);
let log = "";
run.stderr.on("data", (d) => (log += d));
// The second pass (active-passive) starts after the first pass's 30 s; its outage is at 5-11 s.
while (!/\[active-passive\] (1[4-9]|2\d)s\//.test(log)) {
  if (run.exitCode !== null) throw new Error(`the run ended before the screenshot:\n${log}`);
  await sleep(250);
}
const graphs = [
  "sum by (system, outcome) (rate(faultline_run_requests_total[5s]))",
  "sum by (node) (rate(vllm:generation_tokens_total[5s]))",
  "sum by (system, fault, target) (faultline_run_attack_active)",
];
const query = graphs
  .map((expr, i) => `g${i}.expr=${encodeURIComponent(expr)}&g${i}.tab=0&g${i}.range_input=1m`)
  .join("&");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
// One tall viewport rather than fullPage: the page's fixed navbar would be drawn over the middle of a stitched capture.
const page = await browser.newPage({ viewport: { width: 1280, height: 2420 } });
await page.goto(`http://127.0.0.1:${promPort}/graph?${query}`, { waitUntil: "networkidle" });
// Debian packages the classic UI (rickshaw); upstream builds serve the React one.
await page.waitForSelector(".rickshaw_graph path, .graph-chart canvas", { timeout: 15_000 });
await sleep(1000);
await page.screenshot({ path: out });
await browser.close();
process.stdout.write(`wrote ${out}\n`);
run.kill("SIGINT");
await new Promise((r) => run.once("exit", r));
prometheus.kill();
