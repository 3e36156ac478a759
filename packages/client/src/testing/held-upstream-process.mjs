// An HTTP upstream in a process of its own, for a test that keeps its own process busy: a server there would accept
// one connection per turn of that busy event loop (libuv accepts once per poll, libuv PR #3696) and hide what the
// client does. It holds every request until `hold` of them are in, then answers them all. Prints its port once it
// listens.
//   node held-upstream-process.mjs <hold>
import { createServer } from "node:http";

const hold = Number(process.argv[2]);
const held = [];
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    held.push(res);
    if (held.length === hold)
      for (const r of held.splice(0)) r.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on("end", () => process.exit(0)).resume();
