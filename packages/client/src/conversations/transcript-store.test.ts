import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FaultlineError } from "@faultline/core";
import { TranscriptStore } from "./transcript-store.js";

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function file(): string {
  const dir = mkdtempSync(join(tmpdir(), "faultline-transcripts-"));
  dirs.push(dir);
  return join(dir, "conversations.db");
}
const turn = (text: string) => ({ owner: "primary", messages: [{ role: "user", content: text }] });

describe("the transcript store", () => {
  it("keeps a transcript across a reopen of its file (a gateway restart)", () => {
    const path = file();
    const first = TranscriptStore.open(path, { maxTranscripts: 10, maxAgeMs: 60_000 });
    first.put("resp_a", turn("hello"));
    first.close();
    const again = TranscriptStore.open(path, { maxTranscripts: 10, maxAgeMs: 60_000 });
    expect(again.get("resp_a")).toEqual(turn("hello"));
    again.close();
  });

  it("keeps transcripts in memory when named :memory: (the conversation-backup preset), each store its own", () => {
    const one = TranscriptStore.open(":memory:", { maxTranscripts: 10, maxAgeMs: 60_000 });
    const two = TranscriptStore.open(":memory:", { maxTranscripts: 10, maxAgeMs: 60_000 });
    one.put("resp_a", turn("hello"));
    expect([one.get("resp_a"), two.get("resp_a")]).toEqual([turn("hello"), undefined]);
    one.close();
    two.close();
  });

  it("drops down to 99 % of maxTranscripts once past it, the oldest first", () => {
    let now = 0;
    const store = TranscriptStore.open(file(), { maxTranscripts: 200, maxAgeMs: 60_000 }, () => now);
    for (let i = 0; i < 201; i++) {
      now += 1;
      store.put(`r${i}`, turn(String(i)));
    }
    expect(store.count()).toBe(198);
    expect([store.get("r2"), store.get("r3")?.messages]).toEqual([undefined, turn("3").messages]);
    store.close();
  });

  it("keeps at most maxTranscripts, dropping the oldest", () => {
    let now = 0;
    const store = TranscriptStore.open(file(), { maxTranscripts: 2, maxAgeMs: 60_000 }, () => now);
    for (const id of ["a", "b", "c"]) {
      now += 1;
      store.put(id, turn(id));
    }
    expect([store.get("a"), store.get("b")?.messages, store.get("c")?.messages]).toEqual([
      undefined,
      turn("b").messages,
      turn("c").messages,
    ]);
    expect(store.count()).toBe(2);
    store.close();
  });

  it("forgets a transcript older than maxAgeMs", () => {
    let now = 1_000;
    const store = TranscriptStore.open(file(), { maxTranscripts: 10, maxAgeMs: 500 }, () => now);
    store.put("old", turn("old"));
    now += 501;
    expect(store.get("old")).toBeUndefined();
    // Dropped from the file at the next put a second or more after the last drop.
    store.put("new", turn("new"));
    now += 500;
    store.put("newer", turn("newer"));
    expect(store.count()).toBe(2);
    store.close();
  });

  it("names the option and the fix when the file cannot be opened", () => {
    const err = (() => {
      try {
        TranscriptStore.open(join(file(), "no-such-dir", "x.db"), { maxTranscripts: 1, maxAgeMs: 1 });
      } catch (e) {
        return e;
      }
    })() as FaultlineError;
    expect(err).toBeInstanceOf(FaultlineError);
    expect(err.code).toBe("FAULTLINE_CLIENT_CONVERSATION_STORE_UNUSABLE");
    expect(err.message).toMatch(/^conversationStore: .* --conversations/);
  });
});
