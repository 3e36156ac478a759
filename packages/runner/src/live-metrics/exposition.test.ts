import { describe, expect, it } from "vitest";
import { mergePages, withLabel } from "./exposition.js";

const node = (running: number) =>
  [
    "# HELP vllm:num_requests_running Requests in model execution batches.",
    "# TYPE vllm:num_requests_running gauge",
    `vllm:num_requests_running{model_name="m",engine="0"} ${running}`,
    "# HELP process_cpu_seconds_total CPU.",
    "# TYPE process_cpu_seconds_total counter",
    "process_cpu_seconds_total 1.5",
    "",
  ].join("\n");

describe("mergePages", () => {
  it("keeps each family in one group under one HELP and TYPE, each node's samples labelled by node", () => {
    const own =
      "# HELP process_cpu_seconds_total CPU.\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 9\n";
    const page = mergePages(own, [
      { node: "primary", text: node(2) },
      { node: "backup", text: node(0) },
    ]);
    expect(page.split("\n")).toEqual([
      "# HELP process_cpu_seconds_total CPU.",
      "# TYPE process_cpu_seconds_total counter",
      "process_cpu_seconds_total 9",
      'process_cpu_seconds_total{node="primary"} 1.5',
      'process_cpu_seconds_total{node="backup"} 1.5',
      "# HELP vllm:num_requests_running Requests in model execution batches.",
      "# TYPE vllm:num_requests_running gauge",
      'vllm:num_requests_running{node="primary",model_name="m",engine="0"} 2',
      'vllm:num_requests_running{node="backup",model_name="m",engine="0"} 0',
      "",
    ]);
  });

  it("escapes a label value and labels samples with empty braces", () => {
    expect(withLabel("x{} 1", "node", 'a"b')).toBe('x{node="a\\"b"} 1');
  });
});
