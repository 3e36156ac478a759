import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** Debian's prometheus package (.ci/run installs it). */
export const hasPrometheus = spawnSync("prometheus", ["--version"], { stdio: "ignore" }).status === 0;

/** A free loopback port (bind to 0 and release: Prometheus cannot report a port it chose itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A Prometheus server started for a test. */
export interface PrometheusServer {
  url: string;
  /** Evaluates `expr` over [startS, endS] at `stepS`; the result series. */
  queryRange(expr: string, startS: number, endS: number, stepS: number): Promise<Array<{ values: [number, string][] }>>;
  stop(): void;
}

/** Starts `prometheus` with a config file and a fresh TSDB folder; resolves once /-/ready answers. */
export async function startPrometheus(configFile: string, dataDir: string): Promise<PrometheusServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    "prometheus",
    [`--config.file=${configFile}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ["ignore", "ignore", "pipe"] }
  );
  let log = "";
  child.stderr!.on("data", (d: Buffer) => (log = (log + d).slice(-4000)));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}:\n${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`prometheus did not become ready:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    queryRange: async (expr, startS, endS, stepS) => {
      const q = new URLSearchParams({ query: expr, start: String(startS), end: String(endS), step: String(stepS) });
      const body = (await (await fetch(`${url}/api/v1/query_range?${q}`)).json()) as {
        status: string;
        error?: string;
        data?: { result: Array<{ values: [number, string][] }> };
      };
      if (body.status !== "success") throw new Error(`${expr}: ${body.error}`);
      return body.data!.result;
    },
    stop: () => void child.kill(),
  };
}
