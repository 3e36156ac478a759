import type { ErrorObject } from "ajv";
import { didYouMean } from "@faultline/core";
import type { ProblemList, Segment } from "./problems.js";

// One fix per value shape, keyed by the $defs name the failing rule lives in,
// so a bad duration reads the same in attacks, load and stop conditions.
const VALUE_FIXES: Record<string, string> = {
  duration: "is not a duration (use 8s, 250ms, 1m)",
  rate: "is not a rate (use 100/s or 600/m)",
  threshold: 'is not a threshold (use ">= 99.9%" or "<= 1500ms")',
  tokens: "is not a token count (use 256 or { min: 64, max: 512 })",
  turns: "is not a turn count from 1 to 1000 (use 12 or { min: 10, max: 30 })",
  url: "is not a URL (use http://host:port/v1)",
  target: "is not a target (use a node name, random(1), or { cloud: aws })",
};

/** Turns a JSON pointer into path segments, numbering list indexes. */
export function pointerToPath(pointer: string, base: readonly Segment[] = []): Segment[] {
  if (pointer === "") return [...base];
  const segs = pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  return [...base, ...segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s))];
}

function valueAt(data: unknown, path: readonly Segment[]): unknown {
  let v: unknown = data;
  for (const s of path)
    v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[s as string] : undefined;
  return v;
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

/** Knows the valid keys of the object an additionalProperties error is about, for did-you-mean. */
function knownKeys(err: ErrorObject): string[] {
  const props = (err.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).filter((k) => k !== "$schema") : [];
}

/** For an inline anyOf such as `rate: 100/s | {from, to}`, the def its first branch names. */
function firstBranchDef(err: ErrorObject): string | undefined {
  if (err.keyword !== "anyOf") return undefined;
  const first = (err.parentSchema as { anyOf?: Array<{ $ref?: string }> } | undefined)?.anyOf?.[0]?.$ref;
  return first?.split("/").pop();
}

/** Translates ajv errors (allErrors) into one human problem each, dropping the noise anyOf adds. */
export function addAjvProblems(
  errors: readonly ErrorObject[],
  data: unknown,
  base: readonly Segment[],
  problems: ProblemList
): void {
  const seen = new Set<string>();
  const push = (path: Segment[], message: string, atKey?: string) => {
    const key = `${path.join("/")}|${atKey ?? ""}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.add(path, message, atKey);
  };
  // An anyOf failure already names the shape; its branch errors at the same spot would repeat it.
  const anyOfAt = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  for (const err of errors) {
    const path = pointerToPath(err.instancePath, base);
    const value = valueAt(data, pointerToPath(err.instancePath));
    if (err.schemaPath.includes("/propertyNames")) continue; // node names are checked with a clearer message
    const def = /\$defs\/(\w+)\/[^/]+$/.exec(err.schemaPath)?.[1] ?? firstBranchDef(err);
    if (err.keyword !== "anyOf" && anyOfAt.has(err.instancePath) && err.keyword !== "additionalProperties") continue;
    if (def && VALUE_FIXES[def] && err.keyword !== "additionalProperties" && err.keyword !== "required") {
      push(path, `${show(value)} ${VALUE_FIXES[def]}`);
      continue;
    }
    switch (err.keyword) {
      case "additionalProperties": {
        const extra = (err.params as { additionalProperty: string }).additionalProperty;
        const hint = didYouMean(extra, knownKeys(err));
        push([...path, extra], `unknown key${hint || ` (known keys: ${knownKeys(err).join(", ")})`}`, extra);
        break;
      }
      case "required": {
        const missing = (err.params as { missingProperty: string }).missingProperty;
        push([...path, missing], `is required (add ${missing}: ...)`);
        break;
      }
      case "enum": {
        const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const hint = typeof value === "string" ? didYouMean(value, allowed) : "";
        push(path, `${show(value)} is not allowed${hint}; use one of ${allowed.join(", ")}`);
        break;
      }
      case "type":
        push(path, `must be ${(err.params as { type: string }).type.replace(",", " or ")}, got ${show(value)}`);
        break;
      case "minimum":
      case "exclusiveMinimum":
      case "maximum":
      case "exclusiveMaximum": {
        const p = err.params as { limit: number; comparison: string };
        const bound =
          { ">=": "at least", ">": "more than", "<=": "at most", "<": "less than" }[p.comparison] ?? p.comparison;
        push(path, `${show(value)} is out of range (must be ${bound} ${p.limit})`);
        break;
      }
      case "uniqueItems": {
        const { i } = err.params as { i: number; j: number };
        push(path, `lists ${show((value as unknown[])[i])} twice; keep one`);
        break;
      }
      case "minItems":
        push(path, `must list at least ${(err.params as { limit: number }).limit} item(s)`);
        break;
      case "minProperties":
        push(path, `must have at least ${(err.params as { limit: number }).limit} entry`);
        break;
      case "pattern":
        push(path, `${show(value)} does not match ${(err.params as { pattern: string }).pattern}`);
        break;
      case "propertyNames":
        break; // reported by the pattern error on the name itself
      default:
        push(path, err.message ?? "is invalid");
    }
  }
}
