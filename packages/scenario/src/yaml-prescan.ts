import { SCENARIO_LIMITS } from "./limits.js";

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
// Where an anchor (&a) or alias (*a) may start: after a space, a flow bracket, a comma or at the start.
const opensToken = (c: number) => Number.isNaN(c) || isSpace(c) || c === 91 || c === 123 || c === 44;

/**
 * Checks what the YAML parser does not bound cheaply, in one linear pass
 * before it runs: flow collections nested past `yamlFlowDepth` (the parser
 * recurses per level; 500,000 `[` took 2.6 s and 640 MB to overflow its
 * stack), and more than `yamlAnchors` anchors and aliases (it resolves each
 * with a walk of the document; 40,000 took 15 s). Quoted strings and comments
 * are skipped; a bracket or `*x` inside a plain scalar may count, which errs
 * on refusing. Returns the line and message of the first bound passed, or null.
 */
export function prescanYaml(text: string): { line: number; message: string } | null {
  let depth = 0;
  let anchors = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 91 || c === 123) {
      if (++depth > SCENARIO_LIMITS.yamlFlowDepth)
        return {
          line,
          message: `[ ] and { } nest more than ${SCENARIO_LIMITS.yamlFlowDepth} deep here (docs/LIMITS.md)`,
        };
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
    else if (
      (c === 38 || c === 42) &&
      opensToken(text.charCodeAt(i - 1)) &&
      i + 1 < text.length &&
      !isSpace(text.charCodeAt(i + 1))
    ) {
      if (++anchors > SCENARIO_LIMITS.yamlAnchors)
        return {
          line,
          message:
            `holds more than ${SCENARIO_LIMITS.yamlAnchors} YAML anchors and aliases (docs/LIMITS.md); ` +
            `write the values out or use times:/every:`,
        };
    } else if ((c === 34 || c === 39) && (opensToken(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 58)) {
      // A quoted scalar (it starts a token; the ' in a plain don't does not): skip to its closing quote.
      for (i++; i < text.length && text.charCodeAt(i) !== c; i++) {
        if (text.charCodeAt(i) === 10) line++;
        else if (c === 34 && text.charCodeAt(i) === 92) i++;
      }
    } else if (c === 35 && opensToken(text.charCodeAt(i - 1)))
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 10) i++;
  }
  return null;
}
