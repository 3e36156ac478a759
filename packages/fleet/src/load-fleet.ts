import { readFileSync } from "node:fs";
import { FaultlineError } from "@faultline/core";
import { parse } from "yaml";
import { FleetErrorCodes } from "./errors.js";
import { resolveFleet } from "./resolve-fleet.js";
import type { Fleet } from "./types.js";

/** Reads and validates a fleet file (YAML). */
export function loadFleet(file: string): Fleet {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new FaultlineError(
      FleetErrorCodes.FAULTLINE_FLEET_UNREADABLE,
      `${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path`,
      { field: "file", cause: err }
    );
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new FaultlineError(
      FleetErrorCodes.FAULTLINE_FLEET_UNREADABLE,
      `${file}: not valid YAML: ${(err as Error).message}`,
      {
        field: "file",
        cause: err,
      }
    );
  }
  return resolveFleet(raw, file);
}
