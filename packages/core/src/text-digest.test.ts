import { describe, expect, it } from "vitest";
import { concatDigests, textDigest, TEXT_DIGEST_MODULUS } from "./text-digest.js";

describe("textDigest", () => {
  it("composes: the digest of a + b follows from the digests of a and b", () => {
    const a = "the model answers with";
    const b = " a steady stream of plain words ✓";
    expect(concatDigests(textDigest(a), textDigest(b))).toEqual(textDigest(a + b));
    expect(concatDigests(textDigest(""), textDigest(b))).toEqual(textDigest(b));
  });

  it("tells a duplicated or dropped token from the clean text", () => {
    const clean = textDigest(" one two three four");
    expect(textDigest(" one two two three four").hash).not.toBe(clean.hash);
    expect(textDigest(" one three four").hash).not.toBe(clean.hash);
  });

  it("stays an exact integer below the modulus on long text", () => {
    const d = textDigest("x".repeat(100_000));
    expect(Number.isInteger(d.hash)).toBe(true);
    expect(d.hash).toBeLessThan(TEXT_DIGEST_MODULUS);
  });
});
