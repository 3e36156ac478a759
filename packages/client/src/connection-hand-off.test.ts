import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createFailoverClient } from "./client.js";
import { ConnectionHandOff } from "./connection-hand-off.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const ANSWER = JSON.stringify({
  choices: [{ message: { role: "assistant", content: "hi" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 1, completion_tokens: 1 },
});

/** An upstream that counts the TCP connections it accepted on its chat route. */
async function countingUpstream(): Promise<{ url: string; connections: () => number }> {
  const sockets = new Set<unknown>();
  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith("/chat/completions")) sockets.add(req.socket);
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(ANSWER));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, connections: () => sockets.size };
}

const client = (url: string, connections?: ConnectionHandOff) =>
  createFailoverClient(
    { strategy: "active-passive", endpoints: [{ name: "primary", url }], options: { healthChecks: false } },
    connections ? { connections } : {}
  );
const body = { model: "m", messages: [{ role: "user", content: "hi" }], max_tokens: 1 };

/** A few requests in a row: enough for undici to open every connection this pattern needs. */
async function someRequests(c: ReturnType<typeof client>): Promise<void> {
  for (let i = 0; i < 5; i++) expect((await c.chat(body)).ok).toBe(true);
}

describe("connection hand-over between clients", () => {
  it("a client closed with keepConnectionsMs hands its open connections to the next given the hand-off", async () => {
    const up = await countingUpstream();
    const handOff = new ConnectionHandOff();
    const first = client(up.url, handOff);
    await someRequests(first);
    const opened = up.connections();
    await first.close({ keepConnectionsMs: 5000 });
    const second = client(up.url, handOff);
    cleanups.push(() => second.close());
    await someRequests(second);
    expect(up.connections()).toBe(opened);
  });

  it("a client without the hand-off connects anew: nothing is shared through module state", async () => {
    const up = await countingUpstream();
    const first = client(up.url, new ConnectionHandOff());
    await someRequests(first);
    const opened = up.connections();
    await first.close({ keepConnectionsMs: 5000 });
    const second = client(up.url);
    cleanups.push(() => second.close());
    await someRequests(second);
    expect(up.connections()).toBeGreaterThan(opened);
  });

  it("a plain close closes the connections, so the next client connects anew", async () => {
    const up = await countingUpstream();
    const first = client(up.url);
    await someRequests(first);
    const opened = up.connections();
    await first.close();
    const second = client(up.url);
    cleanups.push(() => second.close());
    await someRequests(second);
    expect(up.connections()).toBeGreaterThan(opened);
  });

  it("when two clients park one endpoint, the one with open connections is handed over, not an idle pool", async () => {
    const up = await countingUpstream();
    const handOff = new ConnectionHandOff();
    const warmed = client(up.url, handOff);
    await someRequests(warmed);
    const opened = up.connections();
    const unused = client(up.url, handOff);
    await warmed.close({ keepConnectionsMs: 5000 });
    await unused.close({ keepConnectionsMs: 5000 });
    const next = client(up.url, handOff);
    cleanups.push(() => next.close());
    await someRequests(next);
    expect(up.connections()).toBe(opened);
  });
});
