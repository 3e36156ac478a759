import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Pool } from "undici";
import { bufferedRequest } from "./buffered-request.js";
import { BodyError } from "./http-exchange.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<Pool> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pool = new Pool(origin);
  cleanups.push(
    () => new Promise((r) => server.close(r)),
    () => {
      server.closeAllConnections();
      return pool.destroy();
    }
  );
  return pool;
}

const post = { path: "/v1/chat/completions", method: "POST" as const, body: "{}" };

describe("bufferedRequest", () => {
  it("returns the status, the headers and the whole body, however many chunks it came in", async () => {
    const pool = await serve((_req, res) => {
      res.writeHead(429, { "retry-after": "2" });
      res.write("first ");
      setImmediate(() => res.end("second"));
    });
    let headersSeen = 0;
    const r = await bufferedRequest(pool, post, () => headersSeen++).done;
    expect(r).toMatchObject({ statusCode: 429, text: "first second" });
    expect(r.headers["retry-after"]).toBe("2");
    expect(headersSeen).toBe(1);
  });

  it("rejects with an AbortError carrying the reason when aborted before the answer", async () => {
    const pool = await serve(() => {
      /* never answers */
    });
    const exchange = bufferedRequest(pool, post, () => {});
    setImmediate(() => exchange.abort("cancelled"));
    await expect(exchange.done).rejects.toMatchObject({ name: "AbortError", reason: "cancelled" });
  });

  it("an abort after the answer came changes nothing", async () => {
    const pool = await serve((_req, res) => res.end("done"));
    const exchange = bufferedRequest(pool, post, () => {});
    await expect(exchange.done).resolves.toMatchObject({ statusCode: 200, text: "done" });
    exchange.abort("late");
    await expect(exchange.done).resolves.toMatchObject({ text: "done" });
  });

  it("rejects with a BodyError when the connection is cut after the headers", async () => {
    const pool = await serve((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
      setImmediate(() => res.socket?.destroy());
    });
    await expect(bufferedRequest(pool, post, () => {}).done).rejects.toBeInstanceOf(BodyError);
  });

  it("rejects with the connection error when nothing answers, not a BodyError", async () => {
    const pool = await serve((req) => req.socket.destroy());
    const err = await bufferedRequest(pool, post, () => {}).done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(BodyError);
  });
});
