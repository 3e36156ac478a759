// The streaming benchmarks' reference server: a bare node:http SSE server, in a process of its own as a faultline
// node is, writing OpenAI chunk frames of the node's shape. Each stream is a setTimeout chain (the simulated node's
// engine runs one timer per sequence too): `ttft` ms to the first token, then one token every `itl` ms.
// Query: ?tokens=N&itl=MS&ttft=MS. Prints {"port": n} once it listens on 127.0.0.1.
import { createServer } from "node:http";

const head =
  'data: {"id":"chatcmpl-bare","object":"chat.completion.chunk","created":1700000000,"model":"bench",' +
  '"system_fingerprint":null,"choices":[{"index":0,"delta":{"content":';
const tail = '},"logprobs":null,"finish_reason":null}]}\n\n';
const WORDS = ['"The"', '" quick"', '" brown"', '" fox"', '" jumps"', '" over"', '" the"', '" lazy"', '" dog"', '"."'];
const role = head.replace('{"content":', '{"role":"assistant","content":""') + tail.slice(1);
const finish =
  'data: {"id":"chatcmpl-bare","object":"chat.completion.chunk","created":1700000000,"model":"bench",' +
  '"system_fingerprint":null,"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}]}\n\n' +
  "data: [DONE]\n\n";

const server = createServer((req, res) => {
  const q = new URL(req.url, "http://x").searchParams;
  const tokens = Number(q.get("tokens") ?? 100);
  const itl = Number(q.get("itl") ?? 15);
  const ttft = Number(q.get("ttft") ?? 0);
  req.resume();
  let i = 0;
  // Token i is due at a fixed time from the start and every token already due is written at once, as the simulated
  // engine schedules them (gpu/engine.ts), so a late timer does not push every later token back: a plain
  // setTimeout(itl) chain drifted to twice its nominal stream time under load.
  const t0 = performance.now() + ttft;
  const step = () => {
    if (res.destroyed) return;
    if (i === 0) {
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
      res.write(role);
    }
    let wait;
    do {
      if (i === tokens) {
        res.end(finish);
        return;
      }
      res.write(head + WORDS[i++ % WORDS.length] + tail);
      wait = t0 + i * itl - performance.now();
    } while (wait < 0.5);
    setTimeout(step, wait);
  };
  setTimeout(step, ttft);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
process.on("disconnect", () => process.exit(0));
