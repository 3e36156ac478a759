import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { textDigest } from "@faultline/core";
import { EventLog } from "@faultline/eventlog";
import { textCheckOf } from "./text-check.js";

const A = " the model answers";
const B = " with a steady stream";

/** A pass with one judged request per case: what the caller got, and the attempts the nodes logged. */
function passWith(cases: Array<{ received: string; attempts: Array<{ text: string; outcome: string }> }>): {
  db: Database.Database;
  passId: number;
} {
  const path = join(mkdtempSync(join(tmpdir(), "fl-text-")), "events.db");
  const log = new EventLog(path);
  const passId = log.beginPass("gw", 1000);
  cases.forEach((c, i) => {
    const id = `fl-1-${i}`;
    const d = textDigest(c.received);
    log.append("requests", {
      pass_id: passId,
      strategy: "gw",
      scheduled_ms: i,
      start_ms: i,
      first_byte_ms: i,
      end_ms: i + 1,
      ok: 1,
      status: 200,
      served_by: null,
      attempts: 1,
      error: null,
      error_class: null,
      stream: 1,
      prompt_tokens: 1,
      completion_tokens: 1,
      wasted_tokens: 0,
      request_class: null,
      request_id: id,
      text_hash: d.hash,
      text_chars: d.chars,
    });
    c.attempts.forEach((a, j) => {
      const t = textDigest(a.text);
      log.append("node_attempts", {
        pass_id: passId,
        request_id: id,
        node: `n${j}`,
        arrived_ms: i + j * 0.1,
        first_byte_ms: i,
        end_ms: i + j * 0.1 + 0.05,
        status: 200,
        outcome: a.outcome,
        prompt_tokens: 1,
        completion_tokens: 1,
        text_hash: t.hash,
        text_chars: t.chars,
      });
    });
  });
  log.close(true);
  return { db: new Database(path, { readonly: true }), passId };
}

describe("the text check", () => {
  it("tells matching, cleanly spliced and wrong answers apart", () => {
    const { db, passId } = passWith([
      { received: A + B, attempts: [{ text: A + B, outcome: "complete" }] },
      {
        received: A + B,
        attempts: [
          { text: A, outcome: "cut" },
          { text: B, outcome: "complete" },
        ],
      },
      {
        received: A + B + B,
        attempts: [
          { text: A, outcome: "cut" },
          { text: B, outcome: "complete" },
        ],
      },
      { received: B, attempts: [{ text: A + B, outcome: "complete" }] },
    ]);
    expect(textCheckOf(db, passId)).toEqual({ checked: 4, matching: 1, spliced: 1, mismatched: 2 });
  });
});
