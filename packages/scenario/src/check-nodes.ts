import { didYouMean } from "@faultline/core";
import { personaNames, profileNames, profileOverrideKeys } from "@faultline/node/tables";
import type { ProblemList } from "./problems.js";

const NODE_NAME = /^[A-Za-z][\w-]*$/;

/** Checks node names, profiles and overrides against @faultline/node's tables. */
export function checkNodes(nodes: unknown, problems: ProblemList): void {
  if (nodes === null || typeof nodes !== "object" || Array.isArray(nodes)) return;
  for (const [name, node] of Object.entries(nodes as Record<string, unknown>)) {
    const path = ["nodes", name];
    if (!NODE_NAME.test(name))
      problems.add(path, `"${name}" is not a node name (start with a letter; use letters, digits, - and _)`, name);
    if (node === null || typeof node !== "object") continue;
    const { profile, url, overrides, persona } = node as {
      profile?: unknown;
      url?: unknown;
      overrides?: unknown;
      persona?: unknown;
    };
    if (typeof persona === "string" && !personaNames().includes(persona)) {
      const hint = didYouMean(persona, personaNames());
      problems.add(
        [...path, "persona"],
        `unknown persona "${persona}"${hint || `; use one of ${personaNames().join(", ")}`}`
      );
    }
    // An external node answers as whatever it is; a proxy in front of it takes --persona.
    if (typeof persona === "string" && url !== undefined)
      problems.add([...path, "persona"], "only a simulated node (profile) takes a persona; give the proxy --persona");
    if (profile === undefined && url === undefined) {
      problems.add(path, `needs a profile (one of ${profileNames().join(", ")}) or a url for an external node`);
    }
    if (typeof profile === "string" && !profileNames().includes(profile)) {
      const hint = didYouMean(profile, profileNames());
      problems.add(
        [...path, "profile"],
        `unknown profile "${profile}"${hint || `; use one of ${profileNames().join(", ")}`}`
      );
    }
    if (overrides !== null && typeof overrides === "object") {
      for (const key of Object.keys(overrides)) {
        if (profileOverrideKeys().includes(key)) continue;
        const hint = didYouMean(key, profileOverrideKeys());
        problems.add(
          [...path, "overrides", key],
          `not a profile field${hint || `; use one of ${profileOverrideKeys().join(", ")}`}`,
          key
        );
      }
    }
  }
}

/** Checks that the strategy the verdict is judged on is among the strategies played. */
export function checkVerdictStrategy(client: unknown, systems: unknown, problems: ProblemList, key = "systems"): void {
  const strategy = (client as { strategy?: unknown } | undefined)?.strategy;
  if (typeof strategy !== "string" || !Array.isArray(systems)) return;
  const names = systems.filter((s): s is string => typeof s === "string");
  if (names.includes(strategy)) return;
  problems.add(
    ["client", "strategy"],
    `"${strategy}" is judged by the SLOs but not played; add it to ${key}: [${[...names, strategy].join(", ")}]`
  );
}

/** Checks that client.order names declared nodes, each once. */
export function checkClientOrder(order: unknown, nodeNames: readonly string[], problems: ProblemList): void {
  if (!Array.isArray(order)) return;
  const seen = new Set<string>();
  order.forEach((name, i) => {
    if (typeof name !== "string") return;
    if (!nodeNames.includes(name))
      problems.add(
        ["client", "order", i],
        `unknown node "${name}"${didYouMean(name, nodeNames) || `; declared nodes: ${nodeNames.join(", ")}`}`
      );
    else if (seen.has(name)) problems.add(["client", "order", i], `node "${name}" is listed twice`);
    seen.add(name);
  });
}
