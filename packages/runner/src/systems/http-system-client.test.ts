import { createServer, type Server } from "node:http";
import { systemClock } from "@faultline/core";
import { afterEach, describe, expect, it } from "vitest";
import { HttpSystemClient } from "./http-system-client.js";

const completion = JSON.stringify({
  id: "c1",
  object: "chat.completion",
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 3, completion_tokens: 1 },
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A black box that answers every request 200 with a completion and the given headers. */
async function blackBox(headers: Record<string, string>): Promise<HttpSystemClient> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", ...headers });
      res.end(completion);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return new HttpSystemClient({ url: `http://127.0.0.1:${port}/v1`, headers: {}, model: null }, systemClock);
}

const send = (c: HttpSystemClient) =>
  c.chat(
    { model: "m", messages: [{ role: "user", content: "hi" }] },
    { deadlineMs: 2000, requestId: "r1", residency: null, minTier: null, session: null, api: "chat" as const }
  );

describe("a black box's tier headers", () => {
  it("records a cached answer at tier minimal with its age", async () => {
    const c = await blackBox({ "x-faultline-tier": "minimal", "x-faultline-cache": "hit; age=420; from=primary" });
    expect(await send(c)).toMatchObject({ ok: true, tier: "minimal", cacheAgeMs: 420 });
    await c.close();
  });

  it("counts a 200 maintenance message (tier emergency) as no answer", async () => {
    const c = await blackBox({ "x-faultline-tier": "emergency" });
    expect(await send(c)).toMatchObject({
      ok: false,
      tier: "emergency",
      errorClass: "maintenance",
      completionTokens: 0,
    });
    await c.close();
  });

  it("ignores a tier header that names no tier", async () => {
    const c = await blackBox({ "x-faultline-tier": "gold" });
    const o = await send(c);
    expect(o.ok).toBe(true);
    expect(o.tier).toBeUndefined();
    await c.close();
  });
});
