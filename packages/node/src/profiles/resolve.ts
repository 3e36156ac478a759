import { didYouMean } from "@faultline/core";
import { NodeErrorCodes, nodeError } from "../errors.js";
import { PROFILES } from "./catalog.js";
import { PROFILE_COUNT_KEYS, PROFILE_KEYS, type Profile } from "./profile.js";

/** The shipped profile names. */
export function profileNames(): readonly string[] {
  return Object.keys(PROFILES);
}

/** The numeric profile fields a scenario or CLI flag may override. */
export function profileOverrideKeys(): readonly string[] {
  return PROFILE_KEYS;
}

/**
 * The context window of a profile with its overrides (`maxContext`), or null for a name that is not a profile: the
 * scenario validator checks that a conversation can fit on some node before anything starts.
 */
export function profileContextWindow(name: string, overrides: Readonly<Record<string, unknown>> = {}): number | null {
  const base = PROFILES[name];
  if (!base) return null;
  const o = overrides.maxContext;
  return typeof o === "number" && Number.isInteger(o) && o >= 1 ? o : base.maxContext;
}

/** Looks a profile up by name and applies overrides, naming the bad field on error. */
export function resolveProfile(name: string, overrides: Record<string, number> = {}): Profile {
  const base = PROFILES[name];
  if (!base) {
    const hint = didYouMean(name, profileNames());
    throw nodeError(
      NodeErrorCodes.PROFILE_UNKNOWN,
      `profile: unknown profile "${name}"${hint}. Known: ${profileNames().join(", ")}`,
      "profile"
    );
  }
  const merged: Record<string, number> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key)) {
      const hint = didYouMean(key, PROFILE_KEYS);
      throw nodeError(
        NodeErrorCodes.OPTIONS_INVALID,
        `overrides.${key}: not a profile field${hint}. Known: ${PROFILE_KEYS.join(", ")}`,
        `overrides.${key}`
      );
    }
    const bad =
      typeof value !== "number" ||
      !Number.isFinite(value) ||
      value < 0 ||
      (PROFILE_COUNT_KEYS.has(key) && (!Number.isInteger(value) || value < 1));
    if (bad) {
      const rule = PROFILE_COUNT_KEYS.has(key) ? "a whole number ≥ 1" : "a finite number ≥ 0";
      throw nodeError(
        NodeErrorCodes.OPTIONS_INVALID,
        `overrides.${key}: must be ${rule}, got ${JSON.stringify(value)}`,
        `overrides.${key}`
      );
    }
    merged[key] = value;
  }
  return Object.freeze(merged) as unknown as Profile;
}
