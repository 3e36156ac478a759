import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { Pool } from "undici";
import { httpExchange } from "./http-exchange.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ pool: Pool; server: Server }> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  cleanups.push(
    () => new Promise((r) => server.close(r)),
    () => {
      server.closeAllConnections();
      return pool.destroy();
    }
  );
  return { pool, server };
}

const post = { path: "/v1/chat/completions", method: "POST" as const, body: "{}" };

describe("httpExchange", () => {
  it("hands the reader its answer's status and every chunk in order, and resolves with what end() made", async () => {
    const { pool } = await serve((_req, res) => {
      res.writeHead(200, { "x-kind": "stream" });
      res.write("one ");
      setImmediate(() => res.end("two"));
    });
    const seen: string[] = [];
    const exchange = httpExchange(pool, post, (statusCode) => ({
      onData: (chunk) => void seen.push(chunk.toString()),
      end: () => `${statusCode}: ${seen.join("")}`,
    }));
    await expect(exchange.done).resolves.toBe("200: one two");
  });

  it("rejects with what the reader threw and drops the connection: the rest of the answer is never read", async () => {
    let closed: Promise<unknown> = Promise.resolve();
    const { pool } = await serve((req, res) => {
      closed = once(req.socket, "close");
      res.writeHead(200);
      res.write("first");
      // The server keeps writing; a reader that gave up must not keep the connection.
      const more = setInterval(() => res.write("more"), 5);
      res.on("close", () => clearInterval(more));
    });
    const refusal = new Error("lost the race");
    let chunks = 0;
    const exchange = httpExchange(pool, post, () => ({
      onData: () => {
        chunks++;
        throw refusal;
      },
      end: () => "never",
    }));
    await expect(exchange.done).rejects.toBe(refusal);
    await closed;
    expect(chunks).toBe(1);
  });

  it("rejects with an AbortError carrying the reason when aborted mid-answer", async () => {
    const { pool } = await serve((_req, res) => {
      res.writeHead(200);
      res.write("first");
    });
    const exchange = httpExchange(pool, post, () => ({
      onData: () => exchange.abort("stall"),
      end: () => "never",
    }));
    await expect(exchange.done).rejects.toMatchObject({ name: "AbortError", reason: "stall" });
  });
});
