import { createServer, type Server, type ServerResponse } from "node:http";
import { once } from "node:events";

/**
 * A raw upstream whose one chat stream is written in `reads`, each a write of its own: the first when the stream
 * opens, each next one when the test calls release(). After the last read the answer ends, or with `cut`, the
 * connection is destroyed instead (a stream broken mid-answer). Health checks and any other request get `{}`.
 */
export async function upstreamWriting(reads: string[], opts: { cut?: boolean } = {}) {
  let res: ServerResponse | null = null;
  let next = 0;
  let opened!: () => void;
  const server: Server = createServer((req, r) => {
    if (req.method !== "POST" || res !== null)
      return void r.writeHead(200, { "content-type": "application/json" }).end("{}");
    res = r;
    r.writeHead(200, { "content-type": "text/event-stream" });
    r.write(reads[next++]);
    opened();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/v1`,
    opened: new Promise<void>((r) => (opened = r)),
    release(): void {
      const r = res!;
      const last = next === reads.length - 1;
      if (!last) r.write(reads[next++]);
      else if (opts.cut) r.write(reads[next++], () => r.destroy());
      else r.end(reads[next++]);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
