/** One step into a scenario document: a map key or a list index. */
export type Segment = string | number;

/** One thing wrong with a scenario, before it is given a file and line. */
export interface Problem {
  /** Where the problem is, e.g. ["attacks", 2, "at"]. */
  readonly path: readonly Segment[];
  /** Human message naming the fix, without the path. */
  readonly message: string;
  /** Point the line at this key of the map at `path` (unknown keys) rather than its value. */
  readonly atKey?: string;
}

/** Renders a path the way users write it: attacks[2].at, nodes.primary.profile. */
export function formatPath(path: readonly Segment[]): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  return out === "" ? "(scenario)" : out;
}

/** Collects problems; the validator reports them all at once. */
export class ProblemList {
  readonly items: Problem[] = [];
  /** Records a problem at `path`. */
  add(path: readonly Segment[], message: string, atKey?: string): void {
    this.items.push(atKey === undefined ? { path, message } : { path, message, atKey });
  }
  /** How many problems have been recorded so far. */
  get count(): number {
    return this.items.length;
  }
}
