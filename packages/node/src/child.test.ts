import { fork, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { request } from "undici";

// The runner forks the built entry; so does this test (build first).
const ENTRY = fileURLToPath(new URL("../dist/child.js", import.meta.url));

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill();
});

function start(options: Record<string, unknown>) {
  child = fork(ENTRY, [], { serialization: "json", stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const messages: any[] = [];
  child.on("message", (m) => messages.push(m));
  const exited = new Promise<number | null>((r) => child!.once("exit", (code) => r(code)));
  child.send({ type: "start", options });
  const next = (type: string) =>
    new Promise<any>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${type} message`)), 10_000);
      const check = () => {
        const m = messages.find((x) => x.type === type);
        if (m) {
          clearTimeout(t);
          resolve(m);
        } else setTimeout(check, 5);
      };
      check();
    });
  return { messages, exited, next };
}

describe("the child-process entry", () => {
  it("starts a node, reports ready and events, and exits 70 on the crash fault", async () => {
    const c = start({ name: "c1", profile: "zero" });
    const ready = await c.next("ready");
    const url = `http://127.0.0.1:${ready.port}`;
    expect((await request(`${url}/health`)).statusCode).toBe(200);
    const r = await request(`${url}/admin/faults`, {
      method: "POST",
      headers: { authorization: `Bearer ${ready.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "crash", restartDelayMs: 500 }),
    });
    expect(r.statusCode).toBe(201);
    expect(await c.exited).toBe(70);
    const applied = c.messages.find((m) => m.type === "event" && m.event.kind === "fault_applied");
    expect(applied.event.detail).toMatchObject({ kind: "crash", fault: "crash", restartDelayMs: 500 });
    expect(c.messages.some((m) => m.type === "event" && m.event.kind === "exited")).toBe(true);
  });

  it("reports a bad profile as an error naming the field and exits 2", async () => {
    const c = start({ name: "c2", profile: "h100-llama3-8" });
    const err = await c.next("error");
    expect(err.code).toBe("FAULTLINE_NODE_PROFILE_UNKNOWN");
    expect(err.message).toMatch(/^profile: .*did you mean "h100-llama3-8b"/);
    expect(await c.exited).toBe(2);
  });

  it("exits when the IPC channel disconnects, so a node never outlives its runner", async () => {
    const c = start({ name: "c3", profile: "zero" });
    await c.next("ready");
    child!.disconnect();
    expect(await c.exited).toBe(0);
  });
});
