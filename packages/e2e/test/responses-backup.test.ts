import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnCli } from "./cli.js";

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
});

/** A CLI server started on port 0: its URL once it listens, and its process. */
async function serve(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawnCli([...args, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${out}`)));
  });
  child.stdout!.resume();
  return { url, child };
}

function gateway(primary: string, backup: string, extra: string[] = []) {
  return serve(["gateway", "--endpoint", `primary=${primary}/v1`, "--endpoint", `backup=${backup}/v1`, ...extra]);
}

interface Turn {
  status: number;
  endpoint: string | null;
  body: {
    id?: string;
    previous_response_id?: string | null;
    usage?: { input_tokens: number };
    error?: { code: string };
  };
}

/** One Responses API turn through a gateway. */
async function turn(gw: string, input: string, previous?: string): Promise<Turn> {
  const res = await fetch(`${gw}/v1/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", input, max_output_tokens: 16, previous_response_id: previous }),
  });
  return {
    status: res.status,
    endpoint: res.headers.get("x-faultline-endpoint"),
    body: (await res.json()) as Turn["body"],
  };
}

/** The gateway's faultline_requests_total for one endpoint and outcome. */
async function requestsCounted(gw: string, endpoint: string, outcome: string): Promise<number> {
  const text = await (await fetch(`${gw}/metrics`)).text();
  const line = text
    .split("\n")
    .find((l) => l.startsWith(`faultline_requests_total{endpoint="${endpoint}",outcome="${outcome}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("a Responses API conversation whose primary dies, through faultline gateway processes", () => {
  const dir = mkdtempSync(join(tmpdir(), "fl-e2e-responses-"));
  const store = join(dir, "conversations.db");
  let primary: { url: string; child: ChildProcess };
  let backup: { url: string; child: ChildProcess };
  let withBackup: { url: string; child: ChildProcess };
  let without: { url: string; child: ChildProcess };
  const turns: Record<string, Turn> = {};

  beforeAll(async () => {
    [primary, backup] = await Promise.all([
      serve(["node", "--name", "primary", "--profile", "zero"]),
      serve(["node", "--name", "backup", "--profile", "zero"]),
    ]);
    [withBackup, without] = await Promise.all([
      gateway(primary.url, backup.url, ["--conversations", store]),
      gateway(primary.url, backup.url),
    ]);
    // Two conversations on the gateway with backup, one on the gateway without; each two turns on the primary.
    for (const [name, gw] of [
      ["a", withBackup],
      ["b", withBackup],
      ["c", without],
    ] as const) {
      turns[`${name}1`] = await turn(gw.url, `conversation ${name}, first question`);
      turns[`${name}2`] = await turn(gw.url, `conversation ${name}, second question`, turns[`${name}1`]!.body.id);
    }
    primary.child.kill("SIGKILL");
    await new Promise((r) => primary.child.once("exit", r));
    turns.a3 = await turn(withBackup.url, "conversation a, third question", turns.a2!.body.id);
    turns.c3 = await turn(without.url, "conversation c, third question", turns.c2!.body.id);
  }, 60_000);

  it("served the first turns on the primary, which owned them", () => {
    for (const t of ["a1", "a2", "b1", "b2", "c1", "c2"]) expect([t, turns[t]!.endpoint]).toEqual([t, "primary"]);
  });

  it("with conversation backup, the turn after the kill is served by the backup from the transcript", () => {
    expect(turns.a3).toMatchObject({ status: 200, endpoint: "backup" });
    expect(turns.a3!.body.previous_response_id).toBe(turns.a2!.body.id);
    // The backup prefilled the whole conversation: more than the second turn's prompt and its 16-token answer.
    expect(turns.a3!.body.usage!.input_tokens).toBeGreaterThan(turns.a2!.body.usage!.input_tokens + 16);
  });

  it("without it, the same turn fails with the backup's 404, and the gateway counts it", async () => {
    expect(turns.c3).toMatchObject({ status: 404, endpoint: "backup" });
    expect(turns.c3!.body.error!.code).toBe("previous_response_not_found");
    expect(await requestsCounted(without.url, "backup", "http_4xx")).toBe(1);
  });

  it("keeps the transcripts in its SQLite file, owned by the endpoint that answered last", () => {
    const db = new Database(store, { readonly: true });
    const owners = db.prepare("SELECT owner, COUNT(*) AS n FROM transcripts GROUP BY owner ORDER BY owner").all();
    db.close();
    // a1, a2, b1, b2 on the primary; a3 on the backup.
    expect(owners).toEqual([
      { owner: "backup", n: 1 },
      { owner: "primary", n: 4 },
    ]);
  });

  it("backs up a conversation after a gateway restart, from the same file", async () => {
    withBackup.child.kill("SIGTERM");
    await new Promise((r) => withBackup.child.once("exit", r));
    const again = await gateway(primary.url, backup.url, ["--conversations", store]);
    const b3 = await turn(again.url, "conversation b, third question", turns.b2!.body.id);
    expect(b3).toMatchObject({ status: 200, endpoint: "backup" });
    expect(b3.body.previous_response_id).toBe(turns.b2!.body.id);
  });
});
