import type { ErrorObject, ValidateFunction } from "ajv";
import { didYouMean } from "@faultline/core";
import { NodeErrorCodes, nodeError } from "../errors.js";
import { FAULT_KINDS } from "./registry.js";
import { FAULT_VALIDATORS } from "./validators/fault-validators.js";

/** A validated fault request: the kind, its own params, and the wrapper's common fields. */
export interface FaultSpec {
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly durationMs: number | undefined;
  readonly probability: number | undefined;
  readonly match: { readonly model?: string; readonly stream?: boolean } | undefined;
}

function validatorFor(kind: string): ValidateFunction {
  return FAULT_VALIDATORS.get(kind)!;
}

function describe(e: ErrorObject): string {
  const field = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (e.keyword === "additionalProperties") {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    return `${field ? field + "." : ""}${extra}: unknown field; remove it`;
  }
  if (e.keyword === "required") return `${(e.params as { missingProperty: string }).missingProperty}: required`;
  if (e.keyword === "enum")
    return `${field}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
  return `${field}: ${e.message ?? "invalid"}`;
}

/** Validates an admin fault body, throwing FAULTLINE_NODE_FAULT_INVALID that names the field. */
export function parseFaultSpec(body: unknown): FaultSpec {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw nodeError(
      NodeErrorCodes.FAULT_INVALID,
      'body: must be a JSON object like {"kind":"latency","ms":120}',
      "body"
    );
  }
  const raw = body as Record<string, unknown>;
  if (typeof raw.kind !== "string")
    throw nodeError(
      NodeErrorCodes.FAULT_INVALID,
      `kind: required, one of ${[...FAULT_KINDS.keys()].join(", ")}`,
      "kind"
    );
  const kind = FAULT_KINDS.get(raw.kind);
  if (!kind) {
    throw nodeError(
      NodeErrorCodes.FAULT_INVALID,
      `kind: unknown fault kind "${raw.kind}"${didYouMean(raw.kind, [...FAULT_KINDS.keys()])}. ` +
        `Known: ${[...FAULT_KINDS.keys()].join(", ")}`,
      "kind"
    );
  }
  const kindName: string = raw.kind;
  const validate = validatorFor(kindName);
  if (!validate(raw)) {
    const message = describe(validate.errors![0]!);
    throw nodeError(NodeErrorCodes.FAULT_INVALID, `${kindName}: ${message}`, message.split(":")[0]);
  }
  const { kind: _k, durationMs, probability, match, ...params } = raw;
  const minProps = (kind.paramsSchema as { minProperties?: number }).minProperties ?? 0;
  if (Object.keys(params).length < minProps) {
    const names = Object.keys((kind.paramsSchema as { properties: object }).properties).join(" or ");
    throw nodeError(NodeErrorCodes.FAULT_INVALID, `${kindName}: give at least one of ${names}`, names);
  }
  return Object.freeze({
    kind: kindName,
    params: Object.freeze(params),
    durationMs: durationMs as number | undefined,
    probability: probability as number | undefined,
    match: match as FaultSpec["match"],
  });
}
