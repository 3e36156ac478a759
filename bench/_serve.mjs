// One server of the streaming benchmarks in a process of its own, as `faultline node`, `faultline proxy` and
// `faultline gateway` run: `node bench/_serve.mjs <kind> '<json options>'`, forked with IPC; it sends {port} once it
// listens on 127.0.0.1 and exits when its parent goes. Kinds: node (startNode's options), proxy ({upstream}),
// gateway ({endpoints: [url, ...], prefill?, config?}: active-passive in that order) and forwarder ({upstream}): the
// raw node:http + undici hop the gateway is judged against, which pipes the request up and the answer back with
// nothing else.
import { fork } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);

/** Forks one server; resolves with its base URL, its process and a stop. */
export async function serve(kind, options = {}) {
  const child = fork(SELF, [kind, JSON.stringify(options)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: process.execArgv.filter((a) => !a.startsWith("--cpu-prof")),
  });
  const [m] = await once(child, "message");
  return { url: `http://127.0.0.1:${m.port}`, pid: child.pid, child, stop: () => child.kill() };
}

async function forwarder({ upstream }) {
  const { Agent, request } = await import("undici");
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  const server = createServer(async (req, res) => {
    try {
      const up = await request(upstream + req.url, {
        method: req.method,
        headers: { "content-type": req.headers["content-type"] ?? "application/json" },
        body: req,
        dispatcher: agent,
      });
      res.writeHead(up.statusCode, { "content-type": up.headers["content-type"] ?? "application/octet-stream" });
      for await (const chunk of up.body) res.write(chunk);
      res.end();
    } catch {
      res.destroy();
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return server.address().port;
}

async function main(kind, options) {
  let port;
  if (kind === "node") port = (await (await import("@faultline/node")).startNode({ name: "bench", ...options })).port;
  else if (kind === "proxy") port = (await (await import("@faultline/node")).startProxy(options)).port;
  else if (kind === "forwarder") port = await forwarder(options);
  else if (kind === "gateway") {
    const { startGateway } = await import("@faultline/client");
    const { tuneGcForRequestTraffic } = await import("@faultline/cli/engine-tuning");
    const endpoints = options.endpoints.map((url, i) => ({
      name: `e${i}`,
      url: `${url}/v1`,
      ...(options.prefill ? { supportsPrefill: true } : {}),
    }));
    port = (await startGateway({ config: { strategy: "active-passive", endpoints, ...options.config }, port: 0 })).port;
    // What `faultline gateway` applies while it serves (packages/cli/src/engine-tuning.ts).
    tuneGcForRequestTraffic();
  } else throw new Error(`_serve.mjs: kind must be node, proxy, gateway or forwarder; got ${kind}`);
  process.send({ port });
  process.on("disconnect", () => process.exit(0));
}

if (process.argv[1] === SELF) await main(process.argv[2], JSON.parse(process.argv[3] ?? "{}"));
