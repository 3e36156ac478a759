/**
 * The header that carries a request's residency to a gateway (faultline's, or any under test). faultline's own
 * client takes the same value as the `residency` request option.
 */
export const RESIDENCY_HEADER = "x-faultline-residency";

/**
 * Whether a node or endpoint with these jurisdiction tags may serve a request of this residency. A request without a
 * residency may go anywhere; one with a residency only where a tag equals it, compared without case ("EU" is "eu").
 */
export function jurisdictionAllows(jurisdiction: readonly string[], residency: string | null): boolean {
  if (residency === null || residency === "") return true;
  const want = residency.toLowerCase();
  for (const tag of jurisdiction) if (tag.toLowerCase() === want) return true;
  return false;
}

/** Jurisdiction tags as written (`eu`, or a list such as `[eu, de]`), normalised to a list of lower-case tags. */
export function jurisdictionTags(value: string | readonly string[] | null | undefined): readonly string[] {
  if (value === null || value === undefined) return Object.freeze([]);
  const list = typeof value === "string" ? [value] : value;
  return Object.freeze(list.map((t) => t.trim().toLowerCase()).filter((t) => t !== ""));
}
