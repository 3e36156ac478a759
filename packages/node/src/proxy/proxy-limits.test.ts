import { afterEach, describe, expect, it } from "vitest";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { request } from "undici";
import { startProxy } from "./start-proxy.js";
import type { RunningNode } from "../start-node.js";
import { inject, testNode, until, type TestNode } from "../testing.test-util.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * An upstream that records the requests it saw; /huge-length declares 64 MiB, /endless and /sse-no-newline never end.
 */
async function echoUpstream() {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const state = { hungUpOn: 0 };
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    req.resume();
    req.on("end", () => {
      if (req.url === "/huge-length") {
        res.writeHead(200, { "content-length": String(64 * 1024 * 1024) });
        res.write("x");
        return;
      }
      if (req.url === "/endless" || req.url === "/v1/sse-no-newline") {
        res.writeHead(200, {
          "content-type": req.url === "/endless" ? "application/octet-stream" : "text/event-stream",
        });
        const piece = Buffer.alloc(64 * 1024, "x");
        let sent = 0;
        const more = (): void => {
          while (!res.destroyed && sent++ < 1024)
            if (!res.write(piece)) {
              res.once("drain", more);
              return;
            }
          res.end();
        };
        res.once("close", () => {
          if (!res.writableFinished) state.hungUpOn += 1;
        });
        more();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ url: req.url, headers: req.headers }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      })
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, state };
}

async function proxyTo(upstream: string): Promise<RunningNode> {
  const proxy = await startProxy({ upstream, name: "px" });
  cleanups.push(() => proxy.close());
  return proxy;
}

/** Sends raw HTTP/1.1 (with Connection: close) and returns what came back once the server closed. */
async function raw(port: number, text: string): Promise<string> {
  const socket = connect(port, "127.0.0.1");
  cleanups.push(() => socket.destroy());
  let got = "";
  socket.setEncoding("latin1");
  await new Promise((r) => socket.once("connect", r));
  return new Promise((resolve) => {
    socket.on("data", (d: string) => {
      got += d;
    });
    socket.on("close", () => resolve(got));
    socket.write(text);
  });
}

describe("the proxy's request targets", () => {
  let upstream: TestNode;
  afterEach(async () => {
    await upstream?.close();
  });

  it("never forwards an admin route, however its path is spelt", async () => {
    upstream = await testNode({ name: "real" });
    const proxy = await proxyTo(upstream.url);
    const auth = { authorization: `Bearer ${upstream.adminToken}` };
    for (const path of [
      "/%61dmin/disable",
      "/v1/../admin/disable",
      "//admin/disable",
      "/ADMIN/disable",
      "/%2e%2e/admin/disable",
      "/v1/%2e%2e/admin/disable",
    ]) {
      // Raw, so no client normalises the path first.
      const got = await raw(
        proxy.port,
        `POST ${path} HTTP/1.1\r\nhost: x\r\nauthorization: ` +
          `${auth.authorization}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`
      );
      expect(got, path).toMatch(/^HTTP\/1.1 (400|404)/);
    }
    expect((await request(`${upstream.url}/health`)).statusCode).toBe(200);
    expect(upstream.events.filter((e) => e.kind === "admin")).toEqual([]);
  });

  it("refuses absolute-form targets, and answers OPTIONS * itself", async () => {
    upstream = await testNode({ name: "real" });
    const proxy = await proxyTo(upstream.url);
    const absolute = await raw(
      proxy.port,
      `POST ${upstream.url}/admin/disable HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ` +
        `${upstream.adminToken}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`
    );
    expect(absolute).toMatch(/^HTTP\/1.1 400/);
    expect(upstream.events.filter((e) => e.kind === "admin")).toEqual([]);
    const star = await raw(proxy.port, "OPTIONS * HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    expect(star).toMatch(/^HTTP\/1.1 204/);
  });
});

describe("the proxy's header handling", () => {
  it("answers Expect: 100-continue and forwards the request without it", async () => {
    const up = await echoUpstream();
    const proxy = await proxyTo(up.url);
    const got = await raw(
      proxy.port,
      "POST /v1/echo HTTP/1.1\r\nhost: x\r\nexpect: 100-continue\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi"
    );
    expect(got).toMatch(/^HTTP\/1.1 100 Continue/);
    expect(got).toMatch(/HTTP\/1.1 200 OK/);
    expect(up.seen[0]!.headers.expect).toBeUndefined();
  });

  it("strips the headers a caller names in Connection", async () => {
    const up = await echoUpstream();
    const proxy = await proxyTo(up.url);
    // Raw: HTTP clients rewrite Connection themselves.
    await raw(
      proxy.port,
      "GET /v1/echo HTTP/1.1\r\nhost: x\r\nconnection: close, x-hop\r\nx-hop: secret\r\nx-end: kept\r\n\r\n"
    );
    expect(up.seen[0]!.headers["x-hop"]).toBeUndefined();
    expect(up.seen[0]!.headers["x-end"]).toBe("kept");
  });
});

describe("the proxy's upstream limits", () => {
  it("answers 502 to an upstream declaring a body above maxResponseBytes", async () => {
    const up = await echoUpstream();
    const proxy = await proxyTo(up.url);
    const r = await request(`${proxy.url}/huge-length`);
    expect(r.statusCode).toBe(502);
    await r.body.dump();
  });

  it("cuts an upstream body that grows past maxResponseBytes", async () => {
    const up = await echoUpstream();
    const proxy = await proxyTo(up.url);
    const r = await request(`${proxy.url}/endless`);
    let bytes = 0;
    await expect(
      (async () => {
        for await (const c of r.body) bytes += (c as Buffer).length;
      })()
    ).rejects.toThrow();
    expect(bytes).toBeLessThanOrEqual(33 * 1024 * 1024);
    await until(async () => up.state.hungUpOn === 1, 2000, "the upstream to be dropped");
  });

  it("cuts an SSE line with no end while stream faults apply, instead of buffering it", async () => {
    const up = await echoUpstream();
    const proxy = await proxyTo(up.url);
    await inject(proxy, { kind: "no-done" });
    // Nothing complete came, so not even the headers went out: the caller sees the connection close.
    await expect(
      request(`${proxy.url}/v1/sse-no-newline`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "m", stream: true, messages: [] }),
      }).then((r) => r.body.text())
    ).rejects.toThrow();
    await until(async () => up.state.hungUpOn === 1, 2000, "the upstream to be dropped");
  });
});
