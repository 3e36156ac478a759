import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { mergePages } from "./exposition.js";
import type { RunMetrics } from "./run-metrics.js";

/** A node's page is read with a short timeout: a hung or crashed node must not hang the run's scrape. */
const NODE_SCRAPE_TIMEOUT_MS = 1000;

/** A running /metrics server for a whole run. */
export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function nodePage(url: string): Promise<string | null> {
  try {
    const r = await request(`${url}/metrics`, { signal: AbortSignal.timeout(NODE_SCRAPE_TIMEOUT_MS) });
    if (r.statusCode !== 200) {
      await r.body.dump();
      return null;
    }
    return await r.body.text();
  } catch {
    return null;
  }
}

/** The run's page: the runner's metrics, then every node of the pass in progress under a `node` label. */
async function render(metrics: RunMetrics): Promise<string> {
  const nodes = metrics.current?.nodes ?? [];
  const pages = await Promise.all(nodes.map(async (n) => ({ node: n.name, text: await nodePage(n.url) })));
  const own = await metrics.registry.metrics();
  return mergePages(
    own,
    pages.filter((p): p is { node: string; text: string } => p.text !== null)
  );
}

/** Serves GET /metrics for the whole run on host:port (port 0 picks a free one). */
export async function startMetricsServer(metrics: RunMetrics, port: number, host: string): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url !== "/metrics" && !req.url?.startsWith("/metrics?"))) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("faultline run serves GET /metrics only\n");
      return;
    }
    render(metrics).then(
      (text) => {
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(text);
      },
      (err: Error) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`${err.message}\n`);
      }
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new Error(`metrics port ${host}:${port} is already in use (choose another --metrics-port)`)
          : err
      )
    );
    server.listen(port, host, () => {
      server.removeAllListeners("error");
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
