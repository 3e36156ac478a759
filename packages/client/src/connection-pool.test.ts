import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CONNECTION_POOL_DEFAULTS, ConnectionPool } from "./connection-pool.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** An upstream that counts connections and requests, and lets the test decide when each request is answered. */
async function upstream(onRequest: (res: ServerResponse, req: IncomingMessage) => void) {
  const stats = { connections: 0, requests: 0 };
  const server = createServer((req, res) => {
    stats.requests++;
    req.resume();
    req.on("end", () => onRequest(res, req));
  });
  server.on("connection", () => stats.connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stats };
}

/** An upstream that holds the first request it gets until release(). */
async function heldUpstream() {
  let held: ServerResponse | null = null;
  let arrive: () => void = () => {};
  const arrived = new Promise<void>((r) => {
    arrive = r;
  });
  const up = await upstream((res) => {
    held = res;
    arrive();
  });
  return { up, arrived, release: () => answer(held!) };
}

/** held-upstream-process.mjs in a child process; resolves with its origin. */
async function upstreamProcess(hold: number): Promise<string> {
  const script = fileURLToPath(new URL("./testing/held-upstream-process.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, String(hold)], { stdio: ["pipe", "pipe", "inherit"] });
  cleanups.push(async () => {
    child.stdin.end();
    if (child.exitCode === null) await once(child, "exit");
  });
  const [line] = (await once(child.stdout, "data")) as [Buffer];
  return `http://127.0.0.1:${line.toString().trim()}`;
}

/**
 * `n` requests at once through a fresh pool (two connections to start, growAfterMs 1) to an upstream process holding
 * `hold` of them, while every turn of this process's event loop starts with 4 ms of work, so timers fire late.
 */
async function burstWhileBusy(hold: number, n: number) {
  const p = pool(await upstreamProcess(hold), { minConnections: 2, growAfterMs: 1 });
  let turns = 0;
  const busy = setInterval(() => {
    turns++;
    const until = performance.now() + 4;
    while (performance.now() < until);
  }, 1);
  cleanups.push(async () => clearInterval(busy));
  const answers = await Promise.all(Array.from({ length: n }, () => get(p)));
  clearInterval(busy);
  return { answers, connected: p.connected, turns };
}

const answer = (res: ServerResponse) => res.writeHead(200, { "content-type": "text/plain" }).end("ok");

function pool(origin: string, limits: Partial<Record<keyof typeof CONNECTION_POOL_DEFAULTS, number>>): ConnectionPool {
  const p = new ConnectionPool(origin, { ...CONNECTION_POOL_DEFAULTS, ...limits });
  cleanups.push(() => p.destroy());
  return p;
}

async function get(p: ConnectionPool, signal?: AbortSignal): Promise<string> {
  const res = await p.request({ path: "/", method: "GET", ...(signal ? { signal } : {}) });
  return res.body.text();
}

describe("ConnectionPool", () => {
  it("serves a burst from the connections it has instead of opening one per request", async () => {
    const up = await upstream(answer);
    // growAfterMs that never comes: the pool may only use its first minConnections.
    const p = pool(up.origin, { minConnections: 4, growAfterMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 200 }, () => get(p)));
    expect(answers.every((a) => a === "ok")).toBe(true);
    expect(up.stats.requests).toBe(200);
    // undici's Pool opens a connection for every request that finds all busy: up to 200 here.
    expect(up.stats.connections).toBe(4);
    expect(p.connected).toBe(4);
  });

  it("grows past minConnections when requests hold their connections (long streams)", async () => {
    // Nothing is answered until 12 requests are in the server at once: a pool stuck at 2
    // connections would never get there, and this test would time out.
    const held: ServerResponse[] = [];
    const up = await upstream((res) => {
      held.push(res);
      if (held.length === 12) for (const r of held) answer(r);
    });
    const p = pool(up.origin, { minConnections: 2, growAfterMs: 1 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => get(p)));
    expect(answers).toEqual(Array(12).fill("ok"));
    expect(up.stats.connections).toBe(12);
  });

  it("grows by doubling while every connection is held, even when its timer fires late in a busy process", async () => {
    // 64 long streams: the upstream answers none until all 64 are in. Every turn of this process's event loop starts
    // with 4 ms of work, so each grow timer fires late. Late while connections turn over means the process is short of
    // CPU and the pool opens one; here none turns over, and opening one per turn took a turn per stream (64-65 turns,
    // against 10-11 now).
    const { answers, connected, turns } = await burstWhileBusy(64, 64);
    expect(answers).toEqual(Array(64).fill("ok"));
    expect(connected).toBe(64);
    expect(turns).toBeLessThan(32);
  });

  it("opens one connection a late timer while connections turn over: the busy process is short of CPU", async () => {
    // 256 short requests, each answered as it arrives, from a process whose every turn starts with 4 ms of work: the
    // grow timers fire late, but answers free connections every turn, and opening as many as are open each time (as
    // an on-time timer does) would only add connections for the busy process to set up: 133-144 of them, against 21-22.
    const { answers, connected } = await burstWhileBusy(1, 256);
    expect(answers).toEqual(Array(256).fill("ok"));
    expect(connected).toBeLessThan(64);
  });

  it("fails a request aborted while it waits for a connection at once, and never sends it", async () => {
    const { up, arrived, release } = await heldUpstream();
    const p = pool(up.origin, { minConnections: 1, growAfterMs: 60_000 });
    const first = get(p);
    await arrived;
    const controller = new AbortController();
    const second = get(p, controller.signal);
    expect(p.queued).toBe(1);
    controller.abort(new Error("caller gave up"));
    await expect(second).rejects.toThrow("caller gave up");
    expect(p.queued).toBe(0);
    release();
    expect(await first).toBe("ok");
    expect(up.stats.requests).toBe(1);
  });

  it("skips requests aborted in line and serves the next one waiting, in order", async () => {
    let first: ServerResponse | null = null;
    let arrive: () => void = () => {};
    const arrived = new Promise<void>((r) => {
      arrive = r;
    });
    const seen: string[] = [];
    const up = await upstream((res, req) => {
      seen.push(req.url!);
      if (first === null) {
        first = res;
        arrive();
      } else answer(res);
    });
    const p = pool(up.origin, { minConnections: 1, growAfterMs: 60_000 });
    const getPath = (path: string, signal?: AbortSignal) =>
      p.request({ path, method: "GET", ...(signal ? { signal } : {}) }).then((r) => r.body.text());
    const held = getPath("/held");
    await arrived;
    const aborts = Array.from({ length: 3 }, () => new AbortController());
    const gaveUp = aborts.map((c, i) => getPath(`/gave-up-${i}`, c.signal));
    const next = getPath("/next");
    expect(p.queued).toBe(4);
    for (const c of aborts) c.abort(new Error("gave up"));
    for (const g of gaveUp) await expect(g).rejects.toThrow("gave up");
    expect(p.queued).toBe(1);
    answer(first!);
    expect(await held).toBe("ok");
    expect(await next).toBe("ok");
    expect(seen).toEqual(["/held", "/next"]);
  });

  it("close() fails the requests still waiting and lets the one in flight finish", async () => {
    const { up, arrived, release } = await heldUpstream();
    const p = pool(up.origin, { minConnections: 1, growAfterMs: 60_000 });
    const first = get(p);
    await arrived;
    const waiting = get(p);
    const closed = p.close();
    await expect(waiting).rejects.toThrow(/closed/i);
    release();
    expect(await first).toBe("ok");
    await closed;
    await expect(get(p)).rejects.toThrow(/closed/i);
  });
});
