import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "@faultline/core";
import { SESSION_HEADER, TURN_HEADER } from "@faultline/contracts";
import { createFailoverClient } from "../client.js";
import { chatBody, startUpstream } from "../testing/upstream.js";
import type { FailoverClient } from "../types.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** A client over a primary and a backup upstream; `random` steers weighted routing. */
async function pair(strategy: string, options: Record<string, unknown>, random: () => number, clock = new FakeClock()) {
  const primary = await startUpstream("primary");
  const backup = await startUpstream("backup");
  const client = createFailoverClient(
    {
      strategy,
      endpoints: [
        { name: "primary", url: primary.url },
        { name: "backup", url: backup.url },
      ],
      options,
    },
    { clock, random }
  );
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => client.close()
  );
  return { primary, backup, client, clock };
}

/** Sends turns 1..n of one conversation; returns who answered each. */
async function turns(client: FailoverClient, session: string, n: number, from = 1): Promise<Array<string | null>> {
  const served: Array<string | null> = [];
  for (let t = from; t < from + n; t++) {
    const out = await client.chat(chatBody(), { headers: { [SESSION_HEADER]: session, [TURN_HEADER]: String(t) } });
    served.push(out.servedBy);
  }
  return served;
}

/** A weighted pick that alternates between the two endpoints. */
const alternating = () => {
  let i = 0;
  return () => (i++ % 2 === 0 ? 0.25 : 0.75);
};

describe("session affinity", () => {
  it("keeps a conversation on the endpoint that answered its last turn; without it, turns spread", async () => {
    const sticky = await pair("active-active", { affinity: "header" }, alternating());
    expect(new Set(await turns(sticky.client, "s-1", 6))).toEqual(new Set(["primary"]));
    // The conversation's identity reaches the node, which keys its prefix cache on it.
    expect(sticky.primary.state.headers.map((h) => [h[SESSION_HEADER], h[TURN_HEADER]])).toEqual(
      [1, 2, 3, 4, 5, 6].map((t) => ["s-1", String(t)])
    );
    const spread = await pair("active-active", {}, alternating());
    expect(await turns(spread.client, "s-1", 4)).toEqual(["primary", "backup", "primary", "backup"]);
  });

  it("keys on the body's user field when told to", async () => {
    const { client } = await pair("active-active", { affinity: "user" }, alternating());
    const served = [];
    for (let t = 0; t < 4; t++) served.push((await client.chat({ ...chatBody(), user: "alice" })).servedBy);
    expect(new Set(served)).toEqual(new Set(["primary"]));
  });

  it("lets failover win: a session whose endpoint fails moves, and stays where it was answered", async () => {
    const { client, primary } = await pair(
      "active-active",
      { affinity: "header", breaker: false, retrySameEndpoint: false },
      () => 0.25
    );
    expect(await turns(client, "s-1", 2)).toEqual(["primary", "primary"]);
    primary.state.mode = "500";
    primary.state.modeLeft = 1; // one turn fails there; the primary is fine afterwards
    expect(await turns(client, "s-1", 3, 3)).toEqual(["backup", "backup", "backup"]);
  });

  it("lets failback win under priority routing: after a failover turn the session returns to the primary", async () => {
    const { client, primary } = await pair(
      "active-passive",
      { affinity: "header", breaker: false, retrySameEndpoint: false },
      () => 0.25
    );
    primary.state.mode = "500";
    primary.state.modeLeft = 1;
    expect(await turns(client, "s-1", 3)).toEqual(["backup", "primary", "primary"]);
  });

  it("forgets a session idle for longer than affinityTtlMs, on the client's clock", async () => {
    const { client, primary, clock } = await pair(
      "active-active",
      { affinity: "header", breaker: false, retrySameEndpoint: false, affinityTtlMs: 60_000 },
      () => 0.25
    );
    primary.state.mode = "500";
    primary.state.modeLeft = 1;
    expect(await turns(client, "s-1", 2)).toEqual(["backup", "backup"]);
    clock.advance(59_000);
    expect(await turns(client, "s-1", 1, 3)).toEqual(["backup"]);
    clock.advance(60_001);
    expect(await turns(client, "s-1", 1, 4)).toEqual(["primary"]);
  });
});
