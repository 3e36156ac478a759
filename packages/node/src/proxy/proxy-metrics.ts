import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { ActiveFaults } from "../faults/active-faults.js";
import { registerFaultMetrics } from "../fault-metrics.js";
import type { Upstream } from "./upstream.js";

/**
 * The upstream's page is read with a short timeout: a hung upstream must not hang the scrape of the
 * proxy's own state.
 */
const UPSTREAM_SCRAPE_TIMEOUT_MS = 2000;

/**
 * The proxy's /metrics: the upstream's own page (a vLLM's, or a faultline
 * node's) followed by the proxy's fault state and process metrics. The proxy's
 * names carry `faultline_proxy_` so they never collide with a faultline node's
 * `faultline_` families on the same page. An upstream that serves no /metrics,
 * or does not answer, leaves the proxy's own part alone, with
 * faultline_proxy_upstream_metrics_up at 0.
 */
export class ProxyMetrics {
  /** The proxy's own registry. */
  readonly registry = new Registry();
  private upstreamUp = 0;

  constructor(
    private readonly upstream: Upstream,
    faults: ActiveFaults,
    processMetrics: boolean
  ) {
    registerFaultMetrics(this.registry, faults, "faultline_proxy");
    new Gauge({
      name: "faultline_proxy_requests_in_flight",
      help: "Requests the proxy is forwarding now.",
      registers: [this.registry],
      collect() {
        this.set(upstream.inFlight.size);
      },
    });
    const up: Gauge = new Gauge({
      name: "faultline_proxy_upstream_metrics_up",
      help: "1 when the upstream's /metrics answered on this scrape.",
      registers: [this.registry],
      collect: (): void => up.set(this.upstreamUp),
    });
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** The whole page: upstream's metrics, then the proxy's. */
  async render(): Promise<string> {
    const upstreamText = await this.upstream.metricsText(UPSTREAM_SCRAPE_TIMEOUT_MS);
    this.upstreamUp = upstreamText === null ? 0 : 1;
    const own = await this.registry.metrics();
    if (upstreamText === null) return own;
    // A faultline node upstream has process metrics too; the page keeps the proxy's, one family of each name.
    return `${withoutProcessMetrics(upstreamText).trimEnd()}\n${own}`;
  }
}

/**
 * The upstream's page minus prom-client's default process_* and nodejs_* families: the
 * proxy serves its own, and two of one family on a page is a scrape error in Prometheus.
 */
function withoutProcessMetrics(text: string): string {
  return text
    .split("\n")
    .filter((line) => {
      const name = line.startsWith("#") ? (line.split(" ")[2] ?? "") : line;
      return !name.startsWith("process_") && !name.startsWith("nodejs_");
    })
    .join("\n");
}
