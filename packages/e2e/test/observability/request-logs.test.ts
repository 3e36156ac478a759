import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnCli } from "../cli.js";
import { waitFor } from "../wait.js";
import { freePort } from "./prometheus-server.js";

const token = "request-logs-token";
const children: ChildProcess[] = [];

/** A long-running CLI server: its URL once it listens, and every JSON log line it printed so far. */
interface Served {
  url: string;
  lines: () => Array<Record<string, unknown>>;
}

function serve(args: string[]): Promise<Served> {
  const child = spawnCli(args, {
    env: { ...process.env, FAULTLINE_ADMIN_TOKEN: token, FAULTLINE_LOG_LEVEL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  let out = "";
  const lines = () =>
    out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve({ url: m[1]!, lines });
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${out}`)));
  });
}

afterAll(() => {
  for (const c of children) c.kill("SIGTERM");
});

describe("log lines of one failed-over request, found by its x-request-id", () => {
  let primary: Served;
  let backup: Served;
  let gateway: Served;
  let answer: Response;
  const id = "failover-trace-1";

  beforeAll(async () => {
    // Ports chosen up front, so the gateway starts beside the nodes rather than after them.
    const [primaryPort, backupPort] = [await freePort(), await freePort()];
    const node = (name: string, port: number) =>
      serve(["node", "--name", name, "--profile", "zero", "--port", String(port)]);
    [primary, backup, gateway] = await Promise.all([
      node("primary", primaryPort),
      node("backup", backupPort),
      serve([
        "gateway",
        "--port",
        "0",
        "--log-level",
        "debug",
        "--endpoint",
        `primary=http://127.0.0.1:${primaryPort}/v1`,
        "--endpoint",
        `backup=http://127.0.0.1:${backupPort}/v1`,
      ]),
    ]);
    // The gateway may have probed a node before it listened: send only once it sees both healthy.
    const healthy = async () => {
      const status = (await (await fetch(`${gateway.url}/status`)).json()) as {
        endpoints: Array<{ healthy: boolean }>;
      };
      return status.endpoints.every((e) => e.healthy);
    };
    const deadline = Date.now() + 10_000;
    while (!(await healthy())) {
      if (Date.now() > deadline) throw new Error("the gateway never saw both endpoints healthy");
      await new Promise((r) => setTimeout(r, 50));
    }
    const injected = await fetch(`${primary.url}/admin/faults`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "errors", status: 503 }),
    });
    expect(injected.status).toBe(201);
    answer = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": id },
      body: JSON.stringify({ model: "m", max_tokens: 3, messages: [{ role: "user", content: "hi" }] }),
    });
    await answer.text();
  }, 30_000);

  it("answers from the backup after the primary failed twice (a 503 is retried in place once), id echoed", () => {
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-request-id")).toBe(id);
    expect(answer.headers.get("x-faultline-endpoint")).toBe("backup");
    expect(answer.headers.get("x-faultline-attempts")).toBe("3");
  });

  it("has the gateway's access line and its retry, and each node's access line, under the same id", async () => {
    const byId = (s: Served) => () => s.lines().filter((l) => l["reqId"] === id);
    const [gw] = await waitFor("the gateway's access line", () => byId(gateway)().length > 0 && byId(gateway)());
    expect(gw).toMatchObject({ component: "gateway", event: "request", endpoint: "backup", status: 200, attempts: 3 });
    const failed = await waitFor("the primary's two access lines", () => byId(primary)().length > 1 && byId(primary)());
    for (const line of failed)
      expect(line).toMatchObject({ component: "node", event: "request", status: 503, outcome: "complete" });
    const [served] = await waitFor("the backup's access line", () => byId(backup)().length > 0 && byId(backup)());
    expect(served).toMatchObject({ component: "node", event: "request", status: 200 });
    expect(gateway.lines().some((l) => l["event"] === "retry" && l["endpoint"] === "backup")).toBe(true);
    expect(primary.lines().some((l) => l["event"] === "fault_applied" && l["kind"] === "errors")).toBe(true);
  });
});
