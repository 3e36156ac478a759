import { describe, expect, it } from "vitest";
import type { Scenario } from "@faultline/scenario";
import type { ManagedNode } from "../node-process.js";
import { placeholderValues } from "./launch-system.js";

describe("placeholderValues", () => {
  it("fills each endpoint's fields, supportsPrefill included, in client order", () => {
    const scenario = {
      nodes: [
        { name: "primary", supportsPrefill: false },
        { name: "backup", supportsPrefill: true },
      ],
      client: { order: ["primary", "backup"] },
    } as unknown as Scenario;
    const nodes = [
      { name: "primary", url: "http://127.0.0.1:41001" },
      { name: "backup", url: "http://127.0.0.1:41002" },
    ] as unknown as ManagedNode[];
    const v = placeholderValues(scenario, nodes, { port: 9000, configPath: null, runDir: "/tmp/r", model: "m" });
    expect(v).toMatchObject({
      "endpoints.0.name": "primary",
      "endpoints.0.supportsPrefill": "false",
      "endpoints.1.url": "http://127.0.0.1:41002/v1",
      "endpoints.1.supportsPrefill": "true",
      "nodes.backup.supportsPrefill": "true",
      port: "9000",
    });
  });
});
