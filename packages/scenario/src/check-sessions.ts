import { profileContextWindow } from "@faultline/node/tables";
import { optionalMs } from "./durations.js";
import type { ProblemList, Segment } from "./problems.js";
import { SCENARIO_DEFAULTS } from "./defaults.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw YAML, read after the schema checked it
type Raw = Record<string, any>;

const maxOf = (v: unknown, fallback: number): number =>
  typeof v === "number"
    ? v
    : v && typeof v === "object" && typeof (v as Raw).max === "number"
      ? (v as Raw).max
      : fallback;

const show = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

function checkRange(value: unknown, path: Segment[], read: (v: unknown) => number | undefined, problems: ProblemList) {
  if (value === null || typeof value !== "object") return;
  const min = read((value as Raw).min);
  const max = read((value as Raw).max);
  if (min !== undefined && max !== undefined && min > max)
    problems.add(path, `min ${show((value as Raw).min)} is above max ${show((value as Raw).max)}; swap them`);
}

/** The largest context window of the scenario's simulated nodes, or null when an external node's is unknown. */
function largestWindow(nodes: unknown): { tokens: number; node: string } | null {
  let best: { tokens: number; node: string } | null = null;
  for (const [name, n] of Object.entries((nodes ?? {}) as Record<string, Raw | null>)) {
    if (typeof n?.profile !== "string") return null;
    const w = profileContextWindow(n.profile, n.overrides ?? {});
    if (w === null) return null; // an unknown profile is reported by checkNodes
    if (best === null || w > best.tokens) best = { tokens: w, node: name };
  }
  return best;
}

/**
 * Checks each conversation class: count or rate (one of them), ranges the right way round, and a longest
 * conversation (context + turns x (user message + answer)) that fits at least one node's context window, so a run
 * does not end every session in context_length_exceeded. A window some nodes only exceed is met during the run.
 */
export function checkSessions(load: Raw | undefined, nodes: unknown, problems: ProblemList): void {
  if (!Array.isArray(load?.classes)) return;
  const window = largestWindow(nodes);
  load.classes.forEach((c: Raw | null, i: number) => {
    if (c === null || typeof c !== "object") return;
    const at: Segment[] = ["load", "classes", i];
    if (!c.session) {
      if (c.weight === undefined)
        problems.add([...at, "weight"], "is required for a class without session (add weight: 1)");
      return;
    }
    const s = c.session as Raw;
    if (c.weight !== undefined)
      problems.add(
        [...at, "weight"],
        "a session class is not drawn by weight; its sessions come from session.count or session.rate: remove weight"
      );
    if ((s.count === undefined) === (s.rate === undefined))
      problems.add(
        [...at, "session"],
        "give either count (sessions started at the beginning) or rate (new sessions per second), one of them"
      );
    checkRange(s.turns, [...at, "session", "turns"], (v) => (typeof v === "number" ? v : undefined), problems);
    checkRange(s.thinkTime, [...at, "session", "thinkTime"], optionalMs, problems);
    checkRange(s.context, [...at, "session", "context"], (v) => (typeof v === "number" ? v : undefined), problems);
    checkRange(
      s.userTokens,
      [...at, "session", "userTokens"],
      (v) => (typeof v === "number" ? v : undefined),
      problems
    );
    if (window === null) return;
    const d = SCENARIO_DEFAULTS;
    const turns = maxOf(s.turns, 1);
    if (turns > 1000) return; // out of the schema's range, reported there
    const context = maxOf(s.context, d.session.contextTokens.max);
    const user = maxOf(s.userTokens, d.session.userTokens.max);
    const answer = maxOf(c.maxTokens ?? load.maxTokens, d.load.maxTokens.max);
    const peak = context + turns * (user + answer);
    if (peak > window.tokens)
      problems.add(
        [...at, "session", "turns"],
        `conversations grow to ${peak} tokens (context ${context} + ${turns} turns x (userTokens ${user} + maxTokens ` +
          `${answer})), more than the largest context window of any node (${window.tokens}, nodes.${window.node}); ` +
          `use fewer turns or shorter messages, or give a node a larger overrides.maxContext`
      );
  });
}
