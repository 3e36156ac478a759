import { TOKENS, tokenIndex } from "./token-text.js";

/**
 * Where a sequence of the deterministic text must start so that it continues `prefill`: the start `s` and length `k`
 * with completionText(s, k) === prefill give (s + 7k) mod vocabulary, the start whose tokens are tokens k, k+1, ... of
 * the sequence the prefill began. Undefined when the prefill is not the simulator's text (a caller's own words).
 *
 * This is how a real model at temperature 0 treats a prefill of its own earlier answer: it goes on where the answer
 * stopped. It makes a resumed stream checkable: the caller's text across the splice must equal one uninterrupted
 * sequence (splice-check.ts), so a duplicated or dropped token shows.
 */
export function continuationStart(prefill: string): number | undefined {
  if (prefill === "") return undefined;
  for (let s = 0; s < TOKENS.length; s++) {
    let at = 0;
    let k = 0;
    while (at < prefill.length) {
      const token = TOKENS[tokenIndex(s, k)]!;
      if (!prefill.startsWith(token, at)) break;
      at += token.length;
      k++;
    }
    if (at === prefill.length) return tokenIndex(s, k);
  }
  return undefined;
}
