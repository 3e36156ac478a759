import type { NodeSpec } from "@faultline/scenario";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { SpareNodeChildren } from "./node-children.js";
import { startNodeProcess } from "./node-process.js";

const spec: NodeSpec = {
  name: "primary",
  profile: "zero",
  persona: "openai",
  cloud: null,
  region: null,
  overrides: {},
  url: null,
  adminUrl: null,
  costPerHour: null,
  costPer1kTokens: null,
  supportsPrefill: false,
  jurisdiction: [],
  tier: "full",
  maxTokens: null,
  quality: 1,
};
const hooks = { onEvent: () => {}, onAttempts: () => {}, onLifecycle: () => {} };

describe("SpareNodeChildren", () => {
  it("forks one process per node the run starts itself, not for external nodes", () => {
    const spares = SpareNodeChildren.forScenario({
      nodes: [spec, { ...spec, name: "backup" }, { ...spec, name: "remote", url: "http://127.0.0.1:1/v1" }],
    } as never);
    const taken = [spares.take(), spares.take(), spares.take()];
    for (const child of taken) child?.kill("SIGKILL");
    expect(taken.map((child) => child !== undefined)).toEqual([true, true, false]);
  });

  it("fits spares forked before the scenario was read to its nodes: forks the missing, hands out no extra", () => {
    const three = { nodes: [spec, { ...spec, name: "backup" }, { ...spec, name: "third" }] } as never;
    const one = { nodes: [spec] } as never;
    const spares = SpareNodeChildren.beforeTheScenario();
    spares.fitTo(three);
    const taken = [spares.take(), spares.take(), spares.take(), spares.take()];
    expect(taken.map((child) => child !== undefined)).toEqual([true, true, true, false]);
    for (const child of taken) child?.kill("SIGKILL");

    const fewer = SpareNodeChildren.beforeTheScenario();
    fewer.fitTo(one);
    const kept = fewer.take();
    expect(kept).toBeDefined();
    expect(fewer.take()).toBeUndefined();
    kept?.kill("SIGKILL");
  });

  it("hands a forked process to the node a pass starts, which then serves as a fresh fork would", async () => {
    const spares = new SpareNodeChildren(1);
    const node = await startNodeProcess(spec, 1, "spare-test-token", hooks, spares);
    try {
      expect(spares.take()).toBeUndefined(); // the node took the only spare
      const res = await request(`${node.url}/health/ready`);
      await res.body.dump();
      expect(res.statusCode).toBe(200);
    } finally {
      await node.stop();
      spares.close();
    }
  });
});
