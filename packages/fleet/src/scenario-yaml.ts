import { Document, isCollection, isSeq, isMap } from "yaml";

/**
 * Scenario YAML as people write it: block style at the top, one flow mapping per line for each node and attack
 * (the shipped scenarios' look), so a generated month reads like a hand-written timeline.
 */
export function scenarioYaml(scenario: Record<string, unknown>): string {
  const doc = new Document(scenario);
  for (const key of ["nodes", "attacks"]) {
    const coll = doc.get(key, true);
    if (isSeq(coll) || isMap(coll))
      for (const item of coll.items) {
        const node = isMap(coll) ? (item as { value: unknown }).value : item;
        if (isCollection(node)) node.flow = true;
      }
  }
  for (const key of ["client", "load"]) {
    const node = doc.get(key, true);
    if (isCollection(node)) node.flow = true;
  }
  return doc.toString({ lineWidth: 0 });
}
