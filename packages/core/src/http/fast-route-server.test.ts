import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fastRouteServer, type FastRouteServerOptions } from "./fast-route-server.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A server whose fast route answers `ok` with the body size once the body is read; everything else 404. */
async function serve(options: Partial<FastRouteServerOptions>): Promise<number> {
  const factory = fastRouteServer(
    {
      matches: (m) => m === "POST",
      body: "raw",
      handle: (_req, res, body) => res.end(`ok ${(body as Buffer).length}`),
    },
    { bodyLimitBytes: 1024 * 1024, keepAliveTimeoutMs: 5000, baseHeaders: () => ({}), ...options }
  );
  const server: Server = factory((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      })
  );
  return (server.address() as AddressInfo).port;
}

/** A raw connection that records what it reads and whether it was closed. */
async function open(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  cleanups.push(() => socket.destroy());
  const state = { text: "", closed: false, socket };
  socket.on("data", (d) => {
    state.text += d.toString("latin1");
  });
  socket.on("close", () => {
    state.closed = true;
  });
  socket.on("error", () => {});
  await new Promise((r) => socket.once("connect", r));
  return state;
}

/** Waits for `what` to hold: a guard against a hang, not a bound on time. */
const until = (what: () => boolean, ms = 2000): Promise<void> =>
  vi.waitFor(() => expect(what()).toBe(true), { timeout: ms, interval: 1 });

describe("fastRouteServer limits", () => {
  it("answers 413 to a declared length above the limit before any of the body is sent, and closes", async () => {
    const c = await open(await serve({}));
    c.socket.write("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 104857600\r\n\r\n");
    await until(() => c.closed);
    expect(c.text).toMatch(/^HTTP\/1.1 413/);
    expect(c.text).toContain("request_too_large");
  });

  it("cuts a chunked body off as soon as it passes the limit, not at its end", async () => {
    const c = await open(await serve({}));
    c.socket.write("POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n");
    const piece = `10000\r\n${"x".repeat(0x10000)}\r\n`;
    let sent = 0;
    // An endless body: keep writing until the server hangs up, at most 64 MiB.
    while (!c.closed && sent < 1024) {
      sent += 1;
      if (!c.socket.write(piece))
        await Promise.race([new Promise((r) => c.socket.once("drain", r)), until(() => c.closed, 5000)]);
    }
    expect(c.text).toMatch(/^HTTP\/1.1 413/);
    expect(c.closed).toBe(true);
    expect(sent).toBeLessThan(200); // 1 MiB limit = 16 pieces; socket buffers take the rest
  });

  it("refuses with 503 and Retry-After a body past the bytes in flight, and serves again once freed", async () => {
    const port = await serve({ bodyBytesInFlight: 1536 * 1024 });
    const first = await open(port);
    first.socket.write("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 1048576\r\n\r\n");
    const second = await open(port);
    second.socket.write("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 1048576\r\n\r\n");
    await until(() => second.closed);
    expect(second.text).toMatch(/^HTTP\/1.1 503/);
    expect(second.text.toLowerCase()).toContain("retry-after: 1");
    expect(second.text).toContain("bodies_in_flight_full");
    first.socket.end("x".repeat(1048576));
    await until(() => first.text.includes("ok 1048576"));
    const third = await open(port);
    third.socket.write(`POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 1048576\r\n\r\n${"y".repeat(1048576)}`);
    await until(() => third.text.includes("ok 1048576"));
  });

  it("counts only large bodies against bodyBytesInFlight: small ones are served while it is full", async () => {
    const port = await serve({ bodyBytesInFlight: 20 * 1024 });
    const held = await open(port);
    held.socket.write("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 17408\r\n\r\n");
    const large = await open(port);
    large.socket.write("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 17408\r\n\r\n");
    await until(() => large.closed);
    expect(large.text).toMatch(/^HTTP\/1.1 503/);
    const small = await open(port);
    small.socket.write(`POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 1024\r\n\r\n${"s".repeat(1024)}`);
    await until(() => small.text.includes("ok 1024"));
  });

  it("drops connections past maxConnections and serves again when one closes", async () => {
    const port = await serve({ maxConnections: 2 });
    const a = await open(port);
    await open(port);
    const extra = await open(port);
    await until(() => extra.closed);
    a.socket.destroy();
    // The server counts the closed socket out when it reads the FIN: a few tries, not a sleep.
    for (let i = 0; ; i++) {
      const next = await open(port);
      next.socket.write("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\nhi");
      await until(() => next.closed || next.text.includes("ok 2"));
      if (next.text.includes("ok 2")) break;
      expect(i).toBeLessThan(20);
    }
  });
});
