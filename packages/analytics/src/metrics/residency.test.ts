import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EventLog, type NodeAttemptRow, type RequestRow } from "@faultline/eventlog";
import { computeSummary } from "../summary.js";
import { removeTempRuns, tempRunDir } from "../hand-run.fixture.js";

afterAll(removeTempRuns);

const request = (pass: number, s: number, residency: string | null, ok: boolean, errorClass?: string): RequestRow => ({
  pass_id: pass,
  strategy: "active-passive",
  scheduled_ms: s,
  start_ms: s,
  first_byte_ms: null,
  end_ms: s + 50,
  ok: ok ? 1 : 0,
  status: ok ? 200 : 503,
  served_by: null,
  attempts: 1,
  error: ok ? null : "refused",
  error_class: ok ? null : (errorClass ?? "http_5xx"),
  stream: 0,
  prompt_tokens: 10,
  completion_tokens: ok ? 5 : 0,
  wasted_tokens: 0,
  request_class: residency ? "eu-chat" : "chat",
  request_id: `r${s}`,
  residency,
});

const attempt = (pass: number, requestId: string, node: string, at: number): NodeAttemptRow => ({
  pass_id: pass,
  request_id: requestId,
  node,
  arrived_ms: at,
  first_byte_ms: null,
  end_ms: at + 40,
  status: 200,
  outcome: "complete",
  prompt_tokens: 10,
  completion_tokens: 5,
  text_hash: null,
  text_chars: null,
});

/**
 * A 2 s pass: an EU node (tags eu, nl) and a US node; an attack from 1,000 to 2,000 ms. Ten EU and ten global requests,
 * one every 100 ms each. The EU requests from 1,000 ms on: three refused for residency, one failed with a 5xx, one
 * served by the US node (a violation), the rest in the EU.
 */
function writeRun(): string {
  const path = join(tempRunDir(), "events.db");
  const log = new EventLog(path);
  const pass = log.beginPass("active-passive", 2000);
  log.recordNodes(pass, [
    { name: "eu", jurisdiction: ["eu", "nl"] },
    { name: "us", jurisdiction: ["us"] },
  ]);
  const id = log.planAttack({
    passId: pass,
    strategy: "active-passive",
    attackId: "eu-out",
    target: "eu",
    fault: "disable",
    params: {},
    plannedMs: 1000,
    endMs: 2000,
  });
  log.attackStarted(id, 1000);
  for (let i = 0; i < 10; i++) {
    const s = i * 200;
    const eu =
      i === 5 || i === 6 || i === 7
        ? request(pass, s, "eu", false, "residency")
        : i === 8
          ? request(pass, s, "eu", false)
          : request(pass, s, "eu", true);
    log.append("requests", eu);
    log.append("node_attempts", attempt(pass, eu.request_id!, i === 9 ? "us" : "eu", s));
    const global = request(pass, s + 100, null, true);
    log.append("requests", global);
    log.append("node_attempts", attempt(pass, global.request_id!, "us", s + 100));
  }
  log.endPass(pass, 2000, "complete");
  log.close(true);
  return path;
}

describe("the residency figures", () => {
  it("give availability, refusals and node-side violations per residency class", () => {
    const residency = computeSummary(writeRun()).passes[0]!.residency!;
    expect(residency.classes).toEqual([
      {
        residency: "any",
        requests: 10,
        ok: 10,
        availability: 1,
        duringAttacks: { requests: 5, ok: 5, availability: 1 },
        refusedForResidency: 0,
        violations: null,
      },
      {
        residency: "eu",
        requests: 10,
        ok: 6,
        availability: 0.6,
        duringAttacks: { requests: 5, ok: 1, availability: 0.2 },
        refusedForResidency: 3,
        violations: { attempts: 1, requests: 1, nodes: ["us"] },
      },
    ]);
    expect(residency.violationAttempts).toBe(1);
    expect(residency.failOpenAttempts).toBe(0);
  });

  it("are absent from a pass without any residency class", () => {
    const path = join(tempRunDir(), "events.db");
    const log = new EventLog(path);
    const pass = log.beginPass("active-passive", 1000);
    log.append("requests", request(pass, 0, null, true));
    log.endPass(pass, 1000, "complete");
    log.close(true);
    expect(computeSummary(path).passes[0]!.residency).toBeNull();
  });
});
