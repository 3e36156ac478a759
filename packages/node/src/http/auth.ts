import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh admin token when none is configured: 24 random bytes, base64url. */
export function generateAdminToken(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Returns a checker for `Authorization: Bearer <token>`. Both sides are
 * hashed first so the comparison is constant-time regardless of length.
 */
export function bearerChecker(token: string): (header: string | undefined) => boolean {
  const want = createHash("sha256").update(token).digest();
  return (header) => {
    // RFC 7235: the scheme is case-insensitive ("bearer", "BEARER").
    if (typeof header !== "string" || header.length < 7 || header.slice(0, 7).toLowerCase() !== "bearer ") return false;
    const got = createHash("sha256").update(header.slice(7)).digest();
    return timingSafeEqual(got, want);
  };
}
