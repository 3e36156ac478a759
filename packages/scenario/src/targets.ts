import { didYouMean } from "@faultline/core";

/** What a target expression needs to know about a node. */
export interface NodePlace {
  readonly name: string;
  readonly cloud: string | null;
  readonly region: string | null;
}

const RANDOM = /^random\(\s*(\d+)\s*\)$/;

/** A target expression, parsed: fixed node names, or a random draw of `count` from `pool`. */
export type TargetPlan = { kind: "fixed"; names: string[] } | { kind: "random"; count: number; pool: string[] };

/**
 * Parses `primary`, `random(1)` or `{ cloud: aws, region: ... }` against the
 * declared nodes. Returns a message instead when the target matches nothing.
 */
export function planTarget(target: unknown, nodes: readonly NodePlace[]): TargetPlan | string {
  const names = nodes.map((n) => n.name);
  if (typeof target === "string") {
    const random = RANDOM.exec(target);
    if (random) {
      const count = Number(random[1]);
      if (count < 1 || count > names.length)
        return `random(${count}) needs 1..${names.length} nodes; the scenario declares ${names.length}`;
      return { kind: "random", count, pool: names };
    }
    if (names.includes(target)) return { kind: "fixed", names: [target] };
    const hint = didYouMean(target, names) || `; declared nodes: ${names.join(", ")}`;
    return `unknown node "${target}"${hint} (or use random(1), { cloud: aws })`;
  }
  if (target !== null && typeof target === "object") {
    const { cloud, region } = target as { cloud?: string; region?: string };
    const hit = nodes.filter(
      (n) => (cloud === undefined || n.cloud === cloud) && (region === undefined || n.region === region)
    );
    if (hit.length > 0) return { kind: "fixed", names: hit.map((n) => n.name) };
    const clouds = [...new Set(nodes.map((n) => n.cloud).filter((c): c is string => c !== null))];
    const hint = cloud !== undefined ? didYouMean(cloud, clouds) : "";
    return `no node matches ${JSON.stringify(target)}${hint}; clouds in this scenario: ${clouds.join(", ") || "none"}`;
  }
  return "is not a target (use a node name, random(1), or { cloud: aws })";
}

/** The declared nodes' names and places, from raw scenario data. */
export function nodePlaces(nodes: unknown): NodePlace[] {
  if (nodes === null || typeof nodes !== "object") return [];
  return Object.entries(nodes as Record<string, { cloud?: unknown; region?: unknown } | null>).map(([name, n]) => ({
    name,
    cloud: typeof n?.cloud === "string" ? n.cloud : null,
    region: typeof n?.region === "string" ? n.region : null,
  }));
}
