import { spawnSync } from "node:child_process";

/** Debian's prometheus package ships promtool; .ci/run installs it. */
export const PROMTOOL = "promtool";
/** Whether promtool can be run here (tests that need it skip with a message otherwise). */
export const hasPromtool = spawnSync(PROMTOOL, ["--version"], { stdio: "ignore" }).status === 0;

/**
 * Names faultline serves but does not choose, which promtool's linter flags by design:
 * vLLM's `vllm:` names keep vLLM's colons (dashboards query them so), and prom-client's
 * default nodejs_active_*_total gauges carry a counter's suffix.
 */
const NOT_OURS = /^(vllm:\S+|nodejs_active_(handles|requests|resources)_total) /;

/**
 * Runs `promtool check metrics` on a /metrics page: its exit status and the problems that concern
 * faultline's own names.
 */
export function checkMetrics(page: string): { status: number | null; ours: string[]; all: string[] } {
  const r = spawnSync(PROMTOOL, ["check", "metrics"], { input: page, encoding: "utf8" });
  const all = `${r.stdout}${r.stderr}`.split("\n").filter((l) => l.trim() !== "");
  return { status: r.status, ours: all.filter((l) => !NOT_OURS.test(l)), all };
}
