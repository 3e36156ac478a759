/**
 * A digest of an answer's text that composes: the digest of A + B follows
 * from the digests of A and B and B's length. The load generator digests what
 * the caller received, the runner digests what each node generated, and the
 * analytics tell a clean splice (a stream resumed on another node: the cut
 * attempt's text, then the resumed one's) from duplicated, dropped or garbled
 * text without keeping any text. A polynomial hash over UTF-16 code units,
 * modulo a prime below 2^26 so every product stays exact in a double.
 */
export interface TextDigest {
  /** The hash, 0 <= hash < TEXT_DIGEST_MODULUS. */
  readonly hash: number;
  /** UTF-16 code units hashed. */
  readonly chars: number;
}

/** The prime modulus. */
export const TEXT_DIGEST_MODULUS = 67_108_859;
const BASE = 131;

/** Digest of `text`. */
export function textDigest(text: string): TextDigest {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * BASE + text.charCodeAt(i)) % TEXT_DIGEST_MODULUS;
  return { hash: h, chars: text.length };
}

/** Digest of a + b, from the two digests. */
export function concatDigests(a: TextDigest, b: TextDigest): TextDigest {
  return { hash: (mulMod(a.hash, powMod(BASE, b.chars)) + b.hash) % TEXT_DIGEST_MODULUS, chars: a.chars + b.chars };
}

function mulMod(x: number, y: number): number {
  return (x * y) % TEXT_DIGEST_MODULUS;
}

function powMod(base: number, exp: number): number {
  let result = 1;
  let b = base % TEXT_DIGEST_MODULUS;
  for (let e = exp; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = mulMod(result, b);
    b = mulMod(b, b);
  }
  return result;
}
