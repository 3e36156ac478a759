import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFailoverClient, type ChatOutcome, type RoutingEvent } from "@faultline/client";
import { checkSplice, type SpliceVerdict } from "@faultline/node";
import { spawnCli } from "./cli.js";

// The primary node's process is SIGKILLed while streams are mid-answer; faultline's client resumes each on the
// backup. What each caller received must be one uninterrupted answer of the deterministic text: nothing twice at
// the splice, nothing lost.
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
});

async function node(name: string): Promise<{ url: string; child: ChildProcess }> {
  // 8 ms a token: an 80-token answer streams for about 0.65 s, so the kill lands mid-answer.
  const child = spawnCli(["node", "--name", name, "--profile", "zero", "--set", "itlMs=8", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`node ${name} exited ${code}: ${out}`)));
  });
  child.stdout!.resume();
  return { url, child };
}

const STREAMS = 6;
const TOKENS = 80;

describe("streams cut by a killed node process, resumed by faultline's client, checked at the splice", () => {
  const events: RoutingEvent[] = [];
  const results: Array<{ out: ChatOutcome; text: string; verdict: SpliceVerdict }> = [];

  beforeAll(async () => {
    const [primary, backup] = await Promise.all([node("primary"), node("backup")]);
    const client = createFailoverClient(
      {
        strategy: "active-passive",
        endpoints: [
          { name: "primary", url: `${primary.url}/v1` },
          { name: "backup", url: `${backup.url}/v1`, supportsPrefill: true },
        ],
      },
      { onEvent: (e) => events.push(e) }
    );
    const received: string[] = Array.from({ length: STREAMS }, () => "");
    let tokens = 0;
    const streams = received.map((_, i) =>
      client.chat(
        { model: "m", messages: [{ role: "user", content: `stream ${i}` }], max_tokens: TOKENS, stream: true },
        {
          onChunk: (line) => {
            const content = (JSON.parse(line) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]
              ?.delta?.content;
            if (!content) return;
            received[i] += content;
            tokens++;
          },
        }
      )
    );
    // Kill once every stream is under way (about a quarter of the answers delivered).
    while (tokens < (STREAMS * TOKENS) / 4) await new Promise((r) => setTimeout(r, 5));
    primary.child.kill("SIGKILL");
    const outs = await Promise.all(streams);
    for (let i = 0; i < STREAMS; i++)
      results.push({ out: outs[i]!, text: received[i]!, verdict: checkSplice(received[i]!, TOKENS) });
    await client.close();
  }, 30_000);

  it("resumes every stream on the backup", () => {
    expect(results.map((r) => [r.out.ok, r.out.servedBy])).toEqual(results.map(() => [true, "backup"]));
    expect(events.filter((e) => e.kind === "stream_resumed")).toHaveLength(STREAMS);
  });

  it("gives each caller one whole answer: no duplicated text and no gap at the splice", () => {
    for (const r of results) expect(r.verdict, r.text).toEqual({ whole: true, tokens: TOKENS });
  });
});
