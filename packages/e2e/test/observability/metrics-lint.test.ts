import { startGateway } from "@faultline/client";
import { startNode, startProxy, type RunningNode } from "@faultline/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkMetrics, hasPromtool } from "./promtool.js";

const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers.reverse()) await s.close();
});

const chat = (url: string) =>
  fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "m",
      messages: [
        { role: "system", content: "You answer briefly." },
        { role: "user", content: "hi" },
      ],
      max_tokens: 3,
    }),
  });

const page = async (url: string) => (await fetch(`${url}/metrics`)).text();

describe.skipIf(!hasPromtool)("promtool check metrics (needs promtool, Debian package prometheus)", () => {
  let node: RunningNode;
  let proxy: RunningNode;
  let gateway: { url: string };
  beforeAll(async () => {
    node = await startNode({ name: "n1", profile: "zero", port: 0, processMetrics: true });
    servers.push(node);
    proxy = await startProxy({ upstream: node.url, port: 0, processMetrics: true });
    servers.push(proxy);
    const gw = await startGateway({
      port: 0,
      processMetrics: true,
      config: {
        strategy: "active-passive",
        endpoints: [
          { name: "via-proxy", url: `${proxy.url}/v1` },
          { name: "direct", url: `${node.url}/v1` },
        ],
      },
    });
    servers.push(gw);
    gateway = gw;
    // One fault on the proxy, so its fault gauges have a live series; errors make the gateway fail over.
    const injected = await fetch(`${proxy.url}/admin/faults`, {
      method: "POST",
      headers: { authorization: `Bearer ${proxy.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "errors", status: 503 }),
    });
    expect(injected.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await chat(gateway.url)).status).toBe(200);
  });

  it("finds no problem with any name faultline chooses on the node, the proxy and the gateway", async () => {
    for (const [who, url] of [
      ["node", node.url],
      ["proxy", proxy.url],
      ["gateway", gateway.url],
    ] as const) {
      const result = checkMetrics(await page(url));
      expect(result.ours, `${who}: ${result.all.join("\n")}`).toEqual([]);
    }
  });

  it("shows the proxy's own fault state beside the upstream's metrics", async () => {
    const text = await page(proxy.url);
    expect(text).toMatch(/^vllm:num_requests_running\{/m);
    expect(text).toMatch(/^faultline_faults_active 0$/m);
    expect(text).toMatch(/^faultline_proxy_faults_active 1$/m);
    expect(text).toMatch(/^faultline_proxy_fault_active\{kind="errors"\} 1$/m);
    expect(text).toMatch(/^faultline_proxy_upstream_metrics_up 1$/m);
    expect(text.match(/^# TYPE process_cpu_seconds_total /gm)).toHaveLength(1);
  });

  it("counts the gateway's attempts and its failover by endpoint", async () => {
    const text = await page(gateway.url);
    expect(text).toMatch(
      /^faultline_upstream_attempts_total\{endpoint="via-proxy",stream="false",outcome="http_5xx"\} [1-9]/m
    );
    expect(text).toMatch(/^faultline_upstream_attempts_total\{endpoint="direct",stream="false",outcome="ok"\} 3$/m);
    expect(text).toMatch(/^faultline_routing_events_total\{kind="failover",endpoint="via-proxy"\} [1-9]/m);
  });
});
