/**
 * Merging Prometheus text pages: the run's /metrics is the runner's own page
 * plus every node's, each node's samples labelled `node="<name>"`. Prometheus
 * wants all samples of one metric family in one group under one HELP/TYPE, and
 * every node serves the same families, so pages are merged family by family.
 */

/** One metric family: its HELP and TYPE lines and its samples, in page order. */
interface Family {
  meta: string[];
  samples: string[];
}

const NAME_CHAR = /[A-Za-z0-9_:]/;

/** A sample line with `label="value"` added as its first label. */
export function withLabel(sample: string, label: string, value: string): string {
  let i = 0;
  while (i < sample.length && NAME_CHAR.test(sample[i]!)) i++;
  const pair = `${label}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
  if (sample[i] === "{")
    return `${sample.slice(0, i + 1)}${pair}${sample[i + 1] === "}" ? "" : ","}${sample.slice(i + 1)}`;
  return `${sample.slice(0, i)}{${pair}}${sample.slice(i)}`;
}

/** Adds one page to the families, its samples labelled when `label` is given. */
function addPage(families: Map<string, Family>, text: string, label?: { name: string; value: string }): void {
  let current: Family | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
      const name = line.split(" ")[2]!;
      current = families.get(name);
      if (!current) families.set(name, (current = { meta: [], samples: [] }));
      // The first page to describe a family describes it for all.
      const kind = line.slice(0, 6);
      if (!current.meta.some((m) => m.startsWith(kind))) current.meta.push(line);
      continue;
    }
    if (line.startsWith("#")) continue;
    if (!current) {
      // A sample with no HELP/TYPE before it is a family of its own, typed untyped.
      const name = line.slice(
        0,
        [...line].findIndex((c) => !NAME_CHAR.test(c))
      );
      current = families.get(name) ?? { meta: [], samples: [] };
      families.set(name, current);
    }
    current.samples.push(label ? withLabel(line, label.name, label.value) : line);
  }
}

/** The runner's own page followed by each node's, merged into one page of whole families. */
export function mergePages(own: string, nodes: ReadonlyArray<{ node: string; text: string }>): string {
  const families = new Map<string, Family>();
  addPage(families, own);
  for (const n of nodes) addPage(families, n.text, { name: "node", value: n.node });
  let out = "";
  for (const f of families.values()) out += [...f.meta, ...f.samples].join("\n") + "\n";
  return out;
}
