import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway } from "@faultline/client";
import { startNode, type RunningNode } from "@faultline/node";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../cli.js";
import { freePort, hasPrometheus, startPrometheus, type PrometheusServer } from "./prometheus-server.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const dashboard = JSON.parse(readFileSync(join(root, "deploy", "grafana", "dashboards", "faultline.json"), "utf8")) as {
  panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  annotations: { list: Array<{ name: string; expr?: string }> };
};
const token = "dashboard-test-token";
/** Grafana's variables, as Grafana would fill them for a 1 s scrape interval and the run's own page. */
const VARIABLES: Record<string, string> = { $__rate_interval: "4s", $node_job: "faultline-run" };

/** Every PromQL expression the dashboard holds: each panel's targets and each annotation query. */
function dashboardQueries(): Array<{ where: string; expr: string }> {
  const out: Array<{ where: string; expr: string }> = [];
  for (const p of dashboard.panels)
    for (const t of p.targets ?? []) out.push({ where: `panel "${p.title}"`, expr: t.expr });
  for (const a of dashboard.annotations.list) if (a.expr) out.push({ where: `annotation "${a.name}"`, expr: a.expr });
  return out.map((q) => {
    let expr = q.expr;
    for (const [name, value] of Object.entries(VARIABLES)) expr = expr.replaceAll(name, value);
    return { ...q, expr };
  });
}

/** The shipped prometheus.yml with its jobs pointed at this test's run and gateway, scraped every second. */
function prometheusConfig(runTarget: string, gatewayTarget: string): string {
  const shipped = parse(readFileSync(join(root, "deploy", "prometheus", "prometheus.yml"), "utf8")) as {
    global: Record<string, string>;
    scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
  };
  const targets: Record<string, string> = { "faultline-run": runTarget, "faultline-gateway": gatewayTarget };
  shipped.global = { scrape_interval: "1s", evaluation_interval: "1s" };
  shipped.scrape_configs = shipped.scrape_configs
    .filter((j) => targets[j.job_name])
    .map((j) => ({ ...j, static_configs: [{ targets: [targets[j.job_name]!] }] }));
  expect(shipped.scrape_configs.map((j) => j.job_name).sort()).toEqual(["faultline-gateway", "faultline-run"]);
  return stringify(shipped);
}

/** One span as an OTLP/JSON export carries it, with its service and its attributes flattened. */
interface Span {
  service: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

/** An in-process OTLP/HTTP receiver: the spans `faultline run --otlp-endpoint` exports. */
async function otlpReceiver(): Promise<{ url: string; spans: Span[]; close(): void }> {
  type Kv = { key: string; value: Record<string, unknown> };
  const flat = (kvs: Kv[] = []) => Object.fromEntries(kvs.map((kv) => [kv.key, Object.values(kv.value)[0]]));
  const spans: Span[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d));
    req.on("end", () => {
      const payload = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: Kv[] };
          scopeSpans: Array<{ spans: Array<Span & { attributes: Kv[] }> }>;
        }>;
      };
      for (const rs of payload.resourceSpans)
        for (const ss of rs.scopeSpans)
          for (const sp of ss.spans)
            spans.push({
              ...sp,
              service: String(flat(rs.resource.attributes)["service.name"]),
              attributes: flat(sp.attributes),
            });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
    spans,
    close: () => server.close(),
  };
}

describe.skipIf(!hasPrometheus)(
  "the shipped Grafana dashboard against a real Prometheus (needs Debian's prometheus)",
  () => {
    const closers: Array<() => unknown> = [];
    let prometheus: PrometheusServer;
    let window: { start: number; end: number };
    let run: { code: number | null; stderr: string };
    let traces: Awaited<ReturnType<typeof otlpReceiver>>;

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), "fl-dashboard-"));
      const nodes: RunningNode[] = [];
      for (const name of ["primary", "backup"]) {
        const n = await startNode({ name, profile: "zero", port: 0, adminToken: token, processMetrics: true });
        closers.push(() => n.close());
        nodes.push(n);
      }
      const gateway = await startGateway({
        port: 0,
        config: {
          strategy: "active-passive",
          endpoints: nodes.map((n) => ({ name: n.name, url: `${n.url}/v1` })),
        },
      });
      closers.push(() => gateway.close());
      traces = await otlpReceiver();
      closers.push(() => traces.close());
      const metricsPort = await freePort();
      writeFileSync(
        join(dir, "prometheus.yml"),
        prometheusConfig(`127.0.0.1:${metricsPort}`, `127.0.0.1:${gateway.port}`)
      );
      prometheus = await startPrometheus(join(dir, "prometheus.yml"), join(dir, "tsdb"));
      closers.push(() => prometheus.stop());
      // Prometheus applies its targets a few seconds after it is ready; a short run that starts before
      // its first scrape can be over before it is seen. The gateway is up already: wait for its first scrape.
      await vi.waitFor(
        async () => {
          const now = Date.now() / 1000;
          const up = await prometheus.queryRange('up{job="faultline-gateway"}', now - 30, now, 1);
          expect(up.length).toBeGreaterThan(0);
        },
        { timeout: 20_000, interval: 250 }
      );
      const scenario = readFileSync(join(import.meta.dirname, "..", "scenarios", "live-metrics.yaml"), "utf8")
        .replace("primary: { profile: zero }", `primary: { profile: zero, url: "${nodes[0]!.url}/v1" }`)
        .replace("backup:  { profile: zero }", `backup: { profile: zero, url: "${nodes[1]!.url}/v1" }`);
      writeFileSync(join(dir, "scenario.yaml"), scenario);

      // The gateway sees the same attack on the same primary: a light stream of callers through it.
      let running = true;
      const callers = (async () => {
        for (let i = 0; running; i++) {
          await fetch(`${gateway.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              model: "m",
              stream: i % 2 === 0,
              max_tokens: 4,
              messages: [{ role: "user", content: "hi" }],
            }),
          }).then(
            (r) => r.text(),
            () => ""
          );
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const start = Date.now() / 1000;
      const args = ["--metrics-port", String(metricsPort), "--otlp-endpoint", traces.url];
      run = await runCli(["run", join(dir, "scenario.yaml"), "--results", dir, ...args], {
        timeoutMs: 60_000,
        env: { FAULTLINE_ADMIN_TOKEN: token },
      });
      running = false;
      await callers;
      window = { start, end: Date.now() / 1000 };
    }, 90_000);

    afterAll(async () => {
      for (const close of closers.reverse()) await close();
    });

    it("the run serves its metrics and completes", () => {
      expect(run.stderr).toMatch(/live metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
      expect([0, 1], run.stderr).toContain(run.code);
    });

    it("every panel's and annotation's PromQL returns data from the scraped run", async () => {
      const queries = dashboardQueries();
      expect(queries.length).toBeGreaterThan(30);
      const empty: string[] = [];
      for (const q of queries) {
        expect(q.expr, q.where).not.toMatch(/\$\w+/);
        const series = await prometheus.queryRange(q.expr, window.start, window.end, 1);
        const points = series.flatMap((s) => s.values).filter(([, v]) => v !== "NaN");
        if (points.length === 0) empty.push(`${q.where}: ${q.expr}`);
      }
      expect(empty).toEqual([]);
    });

    it("the run's client exported a span per load request, with a child per attempt, failed-over ones included", () => {
      const roots = traces.spans.filter((s) => s.service === "faultline-runner" && !s.parentSpanId);
      expect(roots.length).toBeGreaterThan(100);
      expect(roots.every((s) => /^fl-\d+-/.test(String(s.attributes["faultline.request_id"])))).toBe(true);
      const children = (root: Span) => traces.spans.filter((s) => s.parentSpanId === root.spanId);
      for (const root of roots.slice(0, 20))
        expect(children(root)).toHaveLength(Number(root.attributes["faultline.attempts"]));
      const failedOver = roots.find(
        (s) => s.attributes["faultline.served_by"] === "backup" && Number(s.attributes["faultline.attempts"]) >= 2
      );
      expect(failedOver, "a request retried on the backup during the primary's 503s").toBeDefined();
      const first = children(failedOver!).find((s) => s.attributes["faultline.attempt"] === 1);
      expect(first?.attributes).toMatchObject({ "faultline.endpoint": "primary", "error.type": "http_5xx" });
    });
  }
);
